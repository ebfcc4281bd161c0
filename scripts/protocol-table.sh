#!/usr/bin/env bash
# Anomaly protocol on a real table available offline: Seattle daily weather 2012-2015 (vega_datasets, Debian package
# python3-vega-datasets; 1,461 days: precipitation, temp_max, temp_min, wind, weather). The 23 snow days are the
# anomalous class: a table model is trained on 80 % of the other days (split seeded), and the held-out 20 % of normal
# days plus every snow day are scored, with the PCA-reconstruction baseline fitted on the same training rows.
# usage: scripts/protocol-table.sh [EPOCHS=100] [K=100] [OUT=target/protocol-table]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
epochs="${1:-100}"; k="${2:-100}"; out="${3:-$here/target/protocol-table}"
src=/usr/lib/python3/dist-packages/vega_datasets/_data/seattle-weather.csv
[[ -f "$src" ]] || { echo "needs $src (apt-get install python3-vega-datasets)" >&2; exit 1; }
mkdir -p "$out"
python3 - "$src" "$out" <<'PY'
import csv, random, sys
src, out = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(src)))
head, body = rows[0], rows[1:]
normal = [r for r in body if r[5] != "snow"]
snow = [r for r in body if r[5] == "snow"]
random.Random(1).shuffle(normal)
cut = int(0.8 * len(normal))
def write(name, rs):
    with open(f"{out}/{name}", "w", newline="") as f:
        w = csv.writer(f); w.writerow(head); w.writerows(rs)
write("train.csv", normal[:cut])
write("test.csv", normal[cut:] + snow)
print(f"{cut} training days, {len(normal) - cut} normal and {len(snow)} snow days to score")
PY
rm -rf "$out/model"
"$here/vae4j" train --data "$out/train.csv" --label-column weather --ignore-columns date --preset table-mlp \
  --epochs "$epochs" --test-fraction 0.1 --out "$out/model"
"$here/vae4j" score --model "$out/model" --data "$out/test.csv" --k "$k" --labels-as-anomalies snow \
  --pca-baseline 2 --out "$out/scores.csv"
