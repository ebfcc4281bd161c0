#!/usr/bin/env bash
# One-class protocol (Golan & El-Yaniv 2018): for each class c, train on the training images of class c only, score
# the whole test set with the other nine classes as anomalies, and report AUROC per class and the mean, for every
# vae4j score and for a PCA-reconstruction baseline fitted on the same training images (same command, same split).
# usage: scripts/protocol-oneclass.sh [DATASET=fashion-mnist|mnist-10k] [EPOCHS=50] [K=100] [OUT=target/protocol-oneclass-DATASET]
#        (environment: PRESET=pytorch-mlp, LIKELIHOOD=gaussian|bernoulli)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dataset="${1:-fashion-mnist}"; epochs="${2:-50}"; k="${3:-100}"; out="${4:-$here/target/protocol-oneclass-$dataset}"
preset="${PRESET:-pytorch-mlp}"
# the Gaussian likelihood scores squared reconstruction error, the criterion of the PCA baseline and of the published
# one-class results; the Bernoulli likelihood on grey levels rewards dark, simple pictures (see the OOD protocol)
likelihood="${LIKELIHOOD:-gaussian}"
mkdir -p "$out"
"$here/vae4j" summary --help >/dev/null   # builds once
# the catalogue's files: a system package or the cache under $VAE4J_HOME (fetched on first use by any command)
home="${VAE4J_HOME:-$HOME/.vae4j}"
dir="$home/datasets/$dataset"; sys="/usr/share/datasets/$dataset"
if [[ ! -e "$dir/train-labels-idx1-ubyte" && ! -e "$dir/train-labels-idx1-ubyte.gz" ]]; then
  if [[ -d "$sys" ]]; then dir="$sys"; else
    echo "$dataset is not cached in $home/datasets; fetch it once, e.g.: ./vae4j train --dataset $dataset --epochs 1 --out /tmp/fetch-$dataset" >&2
    exit 1
  fi
fi
f() { for n in "$dir/$1" "$dir/$1.gz"; do [[ -e "$n" ]] && { echo "$n"; return; }; done; echo "missing $dir/$1" >&2; exit 1; }
echo "class,$(echo neg_elbo recon kl neg_log_px corrected pca_recon | tr ' ' ',')" > "$out/auroc.csv"
for c in 0 1 2 3 4 5 6 7 8 9; do
  python3 "$here/scripts/idx_to_npy.py" "$(f train-images-idx3-ubyte)" "$(f train-labels-idx1-ubyte)" \
    "$out/train-$c.npy" --class "$c"
  rm -rf "$out/model-$c"
  "$here/vae4j" train --data "$out/train-$c.npy" --preset "$preset" --likelihood "$likelihood" --epochs "$epochs" \
    --test-fraction 0.1 \
    --out "$out/model-$c" | tail -2
  others=$(echo 0 1 2 3 4 5 6 7 8 9 | tr ' ' '\n' | grep -vx "$c" | paste -sd,)
  "$here/vae4j" score --model "$out/model-$c" --dataset "$dataset" --offline --split test --k "$k" \
    --labels-as-anomalies "$others" --pca-baseline 20 --out "$out/scores-$c.csv" | tail -9
  python3 - "$out/scores-$c-metrics.json" "$c" >> "$out/auroc.csv" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["scores"]
print(sys.argv[2] + "," + ",".join("%.4f" % m[s]["auroc"] for s in
      ["neg_elbo", "recon", "kl", "neg_log_px", "corrected", "pca_recon"]))
PY
done
python3 - "$out/auroc.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
names = [n for n in rows[0] if n != "class"]
print("mean AUROC over 10 classes: " + ", ".join("%s %.1f" % (n, 100 * sum(float(r[n]) for r in rows) / len(rows))
                                               for n in names))
PY
cat "$out/auroc.csv"
