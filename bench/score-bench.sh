#!/usr/bin/env bash
# Scoring throughput, vae4j vs a PyTorch loop doing the same work (bench/score_bench.py), on the pytorch-mlp VAE
# (784-400-20) and the first N Fashion-MNIST test images, k = 1 and k = 100, alternating engines. Run it when
# `uptime` shows a load below ~1.5. Needs bench/.venv with torch and numpy:
#   python3 -m venv bench/.venv && bench/.venv/bin/pip install torch numpy
# usage: bench/score-bench.sh [N=2000] [ROUNDS=2]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
n="${1:-2000}"; rounds="${2:-2}"; out="$here/bench/out/score"
mkdir -p "$out"
export OMP_WAIT_POLICY=PASSIVE
if [[ ! -e "$out/model/current" ]]; then
  "$here/vae4j" train --dataset fashion-mnist --offline --preset pytorch-mlp --epochs 1 --out "$out/model" | tail -1
fi
echo "load: $(uptime)"
for r in $(seq "$rounds"); do
  for k in 1 100; do
    "$here/vae4j" score --model "$out/model" --dataset fashion-mnist --offline --limit-test "$n" --k "$k" \
      --out "$out/scores-k$k.csv" | grep "rows/s" | sed "s/^/vae4j (default threads): /"
    OPENBLAS_NUM_THREADS=1 "$here/vae4j" score --model "$out/model" --dataset fashion-mnist --offline \
      --limit-test "$n" --k "$k" --out "$out/scores-k$k.csv" | grep "rows/s" | sed "s/^/vae4j (OpenBLAS 1 thread): /"
    (cd "$here/bench" && .venv/bin/python score_bench.py --k "$k" --limit "$n") | sed "s/^/pytorch: /"
  done
done
echo "load: $(uptime)"
