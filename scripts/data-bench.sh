#!/usr/bin/env bash
# Measures the data layer outside mvn test: CSV load speed (rows/s, first parse and cache hit) and one epoch over a
# 3 GiB float32 .npy read in place, with the JVM's peak RSS (VmHWM), at a 1 GiB heap so nothing can be loaded whole.
#   scripts/data-bench.sh [WORKDIR]    (default /tmp/vae4j-data-bench; needs python3 with numpy, ~3.2 GB of disk)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/vae4j-data-bench}"
mkdir -p "$work"
mvn -o -q test-compile
mvn -o -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt"
cp="target/classes:target/test-classes:$(cat "$work/cp.txt")"
[ -f "$work/big.csv" ] || python3 scripts/big-csv.py "$work/big.csv"
[ -f "$work/big.npy" ] || python3 scripts/big-npy.py "$work/big.npy"
java -Xmx1g -cp "$cp" vae4j.data.DataBench csv "$work/big.csv" label mean
java -Xmx1g -cp "$cp" vae4j.data.DataBench npy "$work/big.npy"
