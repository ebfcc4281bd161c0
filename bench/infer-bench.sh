#!/usr/bin/env bash
# Inference throughput, vae4j vs a PyTorch loop doing the same work, on the pytorch-mlp VAE (784-400-20) and the
# Fashion-MNIST test images: score k = 1, score k = 100, encode, evaluate (IWAE, k = 100). Engines alternate within
# each round: vae4j with the library's defaults (OpenBLAS on every core, one block of examples at a time), vae4j as
# its CLI runs inference (`score` and `evaluate` on one single-threaded block per core, `encode` on one worker in the
# shared pool), the same with `--precision bf16` (the networks' matrix work in bfloat16), PyTorch; ROUNDS rounds; the
# table at the end has the medians of rows/s and of CPU time per row (all threads), and the ratios to PyTorch. Each side times its own loop after a warm-up pass over the same rows (encode: 3 warm-up and 10 timed passes)
# (bench/InferBench.java, bench/infer_bench.py): no start-up, no data loading.
#
# Both sides run with the machine image's OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (as bench/run.py does); vae4j
# with the OpenMP wait policy and glibc malloc settings its launcher would set (scripts/omp-env.sh and
# scripts/malloc-env.sh; VAE4J_BLAS=bundled for the bundled OpenBLAS); PyTorch as it comes, and once more with the same
# malloc settings (a fourth side: they speed PyTorch up too). Run it when `uptime` shows a load below ~1.5; the load is printed before and after.
# Needs bench/.venv with torch and numpy:  python3 -m venv bench/.venv && bench/.venv/bin/pip install torch numpy
# usage: bench/infer-bench.sh [ROUNDS=3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
out="$here/bench/out/infer"
model="$here/bench/out/score/model"
mkdir -p "$out"
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
source "$here/scripts/omp-env.sh" # PASSIVE with the bundled OpenBLAS, libgomp's default with the OpenMP one
if [[ ! -e "$model/current" ]]; then
  "$here/vae4j" train --dataset fashion-mnist --offline --preset pytorch-mlp --epochs 1 --out "$model" | tail -1
fi
"$here/vae4j" --version >/dev/null # builds target/classes and target/classpath.txt when the sources changed
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
log="$out/runs.jsonl"
: > "$log"
# task, k, rows, timed passes (an encode pass over 10,000 rows takes ~40 ms: 10 of them)
cases=("score 1 10000 1" "score 100 2000 1" "encode 0 10000 10" "evaluate 100 2000 1")
echo "load before: $(cat /proc/loadavg)"
for r in $(seq "$rounds"); do
  for c in "${cases[@]}"; do
    read -r task k n passes <<<"$c"
    kk=$k; [[ $task == encode ]] && kk=1
    java -XX:+UseSerialGC -cp "$cp" "$here/bench/InferBench.java" "$model" "$task" "$kk" "$n" "$passes" 2>/dev/null \
      | sed 's/"engine": "vae4j"/"engine": "vae4j", "side": "vae4j"/' | tee -a "$log"
    java -XX:+UseSerialGC -Dside=cli -cp "$cp" "$here/bench/InferBench.java" "$model" "$task" "$kk" "$n" "$passes" \
      2>/dev/null | sed 's/"engine": "vae4j"/"engine": "vae4j", "side": "vae4j-cli"/' | tee -a "$log"
    java -XX:+UseSerialGC -Dside=cli -Dprecision=bf16 -cp "$cp" "$here/bench/InferBench.java" "$model" "$task" "$kk" \
      "$n" "$passes" 2>/dev/null | sed 's/"engine": "vae4j"/"engine": "vae4j", "side": "vae4j-cli-bf16"/' | tee -a "$log"
    (cd "$here/bench" && env -u MALLOC_MMAP_THRESHOLD_ -u MALLOC_TRIM_THRESHOLD_ .venv/bin/python infer_bench.py \
      "$task" --k "$kk" --limit "$n" --passes "$passes") | sed 's/^{/{"side": "pytorch", /' | tee -a "$log"
    (cd "$here/bench" && .venv/bin/python infer_bench.py "$task" --k "$kk" --limit "$n" --passes "$passes") \
      | sed 's/^{/{"side": "pytorch-malloc", /' | tee -a "$log"
  done
done
echo "load after: $(cat /proc/loadavg)"
python3 - "$log" <<'EOF'
import json, statistics, sys
runs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def key(r):
    return r["task"] + ("" if r["task"] == "encode" else " k=%s" % r["k"])
tasks = []
for r in runs:
    if key(r) not in tasks:
        tasks.append(key(r))
med = {}
for t in tasks:
    for side in ("vae4j", "vae4j-cli", "vae4j-cli-bf16", "pytorch", "pytorch-malloc"):
        v = [r["rows_per_s"] for r in runs if key(r) == t and r["side"] == side]
        med[t, side] = statistics.median(v) if v else float("nan")
cpu = {}
for t in tasks:
    for side in ("vae4j", "vae4j-cli", "vae4j-cli-bf16", "pytorch", "pytorch-malloc"):
        v = [r["cpu_us_per_row"] for r in runs if key(r) == t and r["side"] == side]
        cpu[t, side] = statistics.median(v) if v else float("nan")
print("rows/s (medians), CPU us per row in brackets")
print("| task | vae4j CLI settings | vae4j library defaults | vae4j CLI, --precision bf16 | PyTorch |"
      " PyTorch, launcher's malloc settings | CLI / PyTorch | defaults / PyTorch | CLI / PyTorch with them |"
      " bf16 CLI / PyTorch (fp32) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for t in tasks:
    a, b, h = med[t, "vae4j-cli"], med[t, "vae4j"], med[t, "vae4j-cli-bf16"]
    p, q = med[t, "pytorch"], med[t, "pytorch-malloc"]
    print(f"| {t} | {a:,.0f} ({cpu[t, 'vae4j-cli']:,.0f}) | {b:,.0f} ({cpu[t, 'vae4j']:,.0f}) |"
          f" {h:,.0f} ({cpu[t, 'vae4j-cli-bf16']:,.0f}) | {p:,.0f} ({cpu[t, 'pytorch']:,.0f}) |"
          f" {q:,.0f} ({cpu[t, 'pytorch-malloc']:,.0f}) | **{a / p:.2f}** | {b / p:.2f} | {a / q:.2f} | {h / p:.2f} |")
EOF
