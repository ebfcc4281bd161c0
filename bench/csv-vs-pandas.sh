#!/usr/bin/env bash
# CSV loading, vae4j against pandas, on the same file in one session, alternating (not part of mvn test). The
# default file (scripts/big-csv.py) has a label column "label" and some missing values, read with --missing mean.
#   bench/csv-vs-pandas.sh [FILE.csv] [ROUNDS]     default: a 101 MB, 1,450,000-row file made by scripts/big-csv.py
# Needs bench/.venv with pandas (python3 -m venv bench/.venv && bench/.venv/bin/pip install pandas numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-/tmp/vae4j-data-bench/big.csv}"
rounds="${2:-2}"
[ -f "$file" ] || { mkdir -p "$(dirname "$file")"; python3 scripts/big-csv.py "$file"; }
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
cp="target/classes:target/test-classes:$(cat target/bench-cp.txt)"
for r in $(seq 1 "$rounds"); do
  echo "round $r"
  java -Xmx1g -cp "$cp" vae4j.data.DataBench csv "$file" label mean | sed 's/^/  vae4j: /'
  bench/.venv/bin/python bench/csv_read.py "$file" | sed 's/^/  /'
done
