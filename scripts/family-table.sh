#!/usr/bin/env bash
# The VAE family on dynamically binarised Fashion-MNIST (or MNIST), one table: the IWAE paper's Table 1 in shape.
#
#   scripts/family-table.sh [--passes-scale S] [--limit-train N] [--limit-test N] [--k-eval K] [--dataset NAME]
#                           [--out DIR]
#
# Every row trains the same model with the same budget: preset iwae-1layer (784-200-200-50, tanh, Bernoulli, Adam
# eps 1e-4, batch 20, dynamic binarisation, the paper's 3^i-pass learning-rate schedule), its stages scaled by
# --passes-scale (1 = the paper's 3,280 passes; default 0.01 = 36 passes), then evaluates the test set, dynamically
# binarised with a fixed seed: -ELBO, -log p(x) with K importance samples (default 5000, the paper's protocol) and the
# active units (Cov_x E_q[z_u|x] > 0.01). Rows: VAE, VAE with free bits, beta-VAE (beta 2), beta-VAE with free bits,
# IWAE k=5, IWAE k=50 (free bits shape the ELBO; IWAE rows have none). Writes DIR/table.md and one model folder per
# row; a row whose model folder is already complete is not retrained (rerun the script to finish an interrupted run).
set -euo pipefail
cd "$(dirname "$0")/.."

scale=0.01; limit_train=""; limit_test=""; keval=5000; dataset=fashion-mnist; out=family-table; free_bits=0.25
while [[ $# -gt 0 ]]; do
  case "$1" in
    --passes-scale) scale=$2; shift 2 ;;
    --limit-train) limit_train=$2; shift 2 ;;
    --limit-test) limit_test=$2; shift 2 ;;
    --k-eval) keval=$2; shift 2 ;;
    --dataset) dataset=$2; shift 2 ;;
    --free-bits) free_bits=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "family-table: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
limits=()
[[ -n "$limit_train" ]] && limits+=(--limit-train "$limit_train")
[[ -n "$limit_test" ]] && limits+=(--limit-test "$limit_test")
eval_limits=()
[[ -n "$limit_test" ]] && eval_limits+=(--limit-test "$limit_test")

rows=(
  "VAE|--objective elbo"
  "VAE, free bits $free_bits|--objective elbo --free-bits $free_bits"
  "beta-VAE (beta 2)|--objective elbo --beta 2"
  "beta-VAE (beta 2), free bits $free_bits|--objective elbo --beta 2 --free-bits $free_bits"
  "IWAE k=5|--objective iwae --k 5"
  "IWAE k=50|--objective iwae --k 50"
)

table="$out/table.md"
{
  echo "| training objective | test -ELBO | test -log p(x), k = $keval | active units (of 50) | train time |"
  echo "|---|---|---|---|---|"
} > "$table.tmp"
i=0
for row in "${rows[@]}"; do
  i=$((i + 1))
  name=${row%%|*}
  opts=${row#*|}
  model="$out/model-$i"
  start=$(date +%s)
  echo "== $name: $opts, passes x $scale"
  if [[ -e "$model/current" || -f "$model/config.json" ]]; then
    ./vae4j train --resume "$model"      # finishes an interrupted run; a finished one has nothing to do
  else
    # shellcheck disable=SC2086
    ./vae4j train --dataset "$dataset" --offline --preset iwae-1layer --passes-scale "$scale" $opts \
      "${limits[@]}" --checkpoint-every 5 --out "$model"
  fi
  seconds=$(( $(date +%s) - start ))
  report="$out/eval-$i.json"
  ./vae4j evaluate --model "$model" --k "$keval" --binarize dynamic "${eval_limits[@]}" --out "$report" >/dev/null
  python3 - "$report" "$name" "$seconds" >> "$table.tmp" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"| {sys.argv[2]} | {r['negElbo']:.2f} | {r['negLogLikelihood']:.2f} | {r['activeUnits']} | {sys.argv[3]} s |")
PY
done
mv "$table.tmp" "$table"
echo
echo "dynamically binarised $dataset, iwae-1layer, passes x $scale${limit_train:+, $limit_train training images}${limit_test:+, $limit_test test images}:"
cat "$table"
