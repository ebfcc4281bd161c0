#!/usr/bin/env bash
# Checks of README's "Scoring on Apache Spark" outside `mvn test`:
#  1. the launcher ./vae4j-spark, as a user runs it: a model trained with ./vae4j on a CSV made here, scored by both;
#     every score column equal as text; exit codes and files: an existing output is refused (2) and left intact,
#     a missing column (3) and a missing model folder (4) are one line on stderr and write nothing;
#  2. the cluster jar (spark/target/vae4j-spark-*-all.jar, `mvn -f spark/pom.xml package`) on a class path of Spark's
#     own jars alone (spark-sql and spark-mllib with their dependencies, as a Spark installation has them; its own
#     Jackson), scoring the same rows to the same text.
# Usage: scripts/spark-check.sh [--no-build]   (--no-build: use the fat jar as it is)
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "spark-check: FAIL: $*" >&2; exit 1; }
export VAE4J_HOME="$work/home"

python3 - "$work/days.csv" <<'PY'
import random, sys
r = random.Random(4)
with open(sys.argv[1], "w") as f:
    f.write("id,temp,rain,wind,kind\n")
    for i in range(600):
        k = r.choice(["sun", "rain", "fog"])
        t = 15 + (5 if k == "sun" else -3) + r.gauss(0, 3)
        f.write("%d,%.2f,%.1f,%.2f,%s\n" % (i, t, max(0.0, r.gauss(2 if k == "rain" else 0.2, 1)), abs(r.gauss(3, 1)), k))
PY
echo "== train a table model with ./vae4j"
./vae4j train --data "$work/days.csv" --ignore-columns id --epochs 5 --out "$work/model" > "$work/train.log"
# the same rows as new data (another path), so that the core scores all of them
cp "$work/days.csv" "$work/new.csv"
./vae4j score --model "$work/model" --data "$work/new.csv" --k 20 --seed 3 --out "$work/core.csv" > /dev/null

same_scores() { # $1: the core's CSV, $2: the job's CSV: every score column equal as text, row by row
  python3 - "$1" "$2" <<'PY'
import csv, sys
a = {r["index"]: r for r in csv.DictReader(open(sys.argv[1]))}
b = {r["index"]: r for r in csv.DictReader(open(sys.argv[2]))}
cols = ["neg_elbo", "recon", "kl", "neg_log_px", "corrected", "top_column", "top_column_share"]
assert len(a) == len(b) == 600, (len(a), len(b))
bad = [(i, c) for i in a for c in cols if a[i][c] != b[i][c]]
assert not bad, bad[:5]
PY
}

echo "== ./vae4j-spark score (local[2], 3 partitions)"
./vae4j-spark score --model "$work/model" --input "$work/new.csv" --output "$work/spark.csv" --k 20 --seed 3 \
  --partitions 3 > "$work/out.txt" 2> "$work/err.txt" || fail "exit code $? ($(cat "$work/err.txt"))"
grep -q "scored 600 rows" "$work/out.txt" || fail "no 'scored 600 rows' line: $(cat "$work/out.txt")"
same_scores "$work/core.csv" "$work/spark.csv" || fail "scores differ from ./vae4j score"
cp "$work/spark.csv" "$work/before.csv"

errors() { grep -v "^WARNING: Using incubator modules" "$1" || true; }
expect() { # $1: wanted exit code, $2: a text the one stderr line must contain; then the command
  local want="$1" text="$2"; shift 2
  local code=0
  "$@" > "$work/out.txt" 2> "$work/err.txt" || code=$?
  [[ "$code" == "$want" ]] || fail "exit code $code, wanted $want: $* ($(cat "$work/err.txt"))"
  [[ "$(errors "$work/err.txt" | wc -l)" == 1 ]] || fail "stderr is not one line: $(cat "$work/err.txt")"
  grep -qF -- "$text" "$work/err.txt" || fail "stderr lacks '$text': $(cat "$work/err.txt")"
}
echo "== exit codes"
expect 2 "exists; pass --overwrite" ./vae4j-spark score --model "$work/model" --input "$work/new.csv" \
  --output "$work/spark.csv"
cmp -s "$work/spark.csv" "$work/before.csv" || fail "the refused run changed the existing output"
cut -d, -f1,2,3,5 "$work/new.csv" > "$work/no-wind.csv"
expect 3 "no column 'wind'" ./vae4j-spark score --model "$work/model" --input "$work/no-wind.csv" \
  --output "$work/never.parquet"
expect 4 "model folder not found" ./vae4j-spark encode --model "$work/nothing" --input "$work/new.csv" \
  --output "$work/never.parquet"
[[ ! -e "$work/never.parquet" ]] || fail "a failed run wrote its output"
./vae4j-spark score --model "$work/model" --input "$work/new.csv" --output "$work/spark.csv" --k 20 --seed 3 \
  --overwrite > /dev/null 2>&1 || fail "--overwrite failed"

echo "== the cluster jar on Spark's own class path"
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -f spark/pom.xml -DskipTests package
fi
jar="$(ls spark/target/vae4j-spark-*-all.jar)"
mkdir -p "$work/sparkcp"
cat > "$work/sparkcp/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>check</groupId><artifactId>spark-installation</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_2.13</artifactId><version>4.2.0</version></dependency>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-mllib_2.13</artifactId><version>4.2.0</version></dependency>
  </dependencies>
  <build><plugins><plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId>
    <version>3.8.1</version></plugin></plugins></build>
</project>
POM
(cd "$work/sparkcp" && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$work/spark-cp.txt" > /dev/null)
flags="$(sed -n 's#.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*#\1#p' spark/pom.xml)"
# shellcheck disable=SC2086
OMP_WAIT_POLICY=PASSIVE java $flags -Dlog4j2.configurationFile="$root/spark/conf/log4j2.properties" \
  -cp "$jar:$(cat "$work/spark-cp.txt")" vae4j.spark.Job score --master 'local[2]' --model "$work/model" \
  --input "$work/new.csv" --output "$work/jar.csv" --k 20 --seed 3 > "$work/out.txt" 2> "$work/err.txt" \
  || fail "the fat jar failed: $(cat "$work/err.txt")"
same_scores "$work/core.csv" "$work/jar.csv" || fail "the fat jar's scores differ from ./vae4j score"
echo "spark-check: OK"
