#!/usr/bin/env bash
# Throughput of ./vae4j-spark score (local[2]) against ./vae4j score (one process) on the same rows, same model, same
# k and seed, alternating. Prints each run's own rate line, its wall time, and the load average before it.
# Usage: bench/spark-vs-core.sh MODEL ROWS.csv [K] [ROUNDS] [PARTITIONS]
#   e.g. the Seattle weather model of README and 60,000 jittered copies of its days (bench/weather-rows.py)
set -euo pipefail
cd "$(dirname "$0")/.."
model="$1"; rows="$2"; k="${3:-100}"; rounds="${4:-3}"; partitions="${5:-2}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for r in $(seq 1 "$rounds"); do
  echo "== round $r: load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "   ./vae4j score: %e s wall, %U s user" ./vae4j score --model "$model" --data "$rows" --k "$k" \
    --out "$out/core.csv" 2>&1 | grep -E "scored|wall"
  echo "   load $(cut -d' ' -f1-3 /proc/loadavg)"
  /usr/bin/time -f "   ./vae4j-spark score: %e s wall, %U s user" ./vae4j-spark score --model "$model" \
    --input "$rows" --output "$out/spark.csv" --k "$k" --partitions "$partitions" --overwrite 2>&1 \
    | grep -E "scored|wall"
done
