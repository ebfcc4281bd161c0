#!/usr/bin/env bash
# Where one training step's time goes, for a preset: vae4j's phases (Java, System.nanoTime over many steps) and, with
# bench/.venv present, PyTorch's own profiler on bench/torch_vae.py's identical model (op-level split).
#   bench/profile-step.sh PRESET [STEPS]        e.g. bench/profile-step.sh pytorch-mlp 400
# Like bench/run.py it unsets OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE for its own processes only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset="${1:?usage: bench/profile-step.sh PRESET [STEPS]}"
steps="${2:-300}"
"$here/vae4j" --version >/dev/null    # builds when the sources changed
uptime
echo "== vae4j ($preset, $steps steps)"
source "$here/scripts/omp-env.sh" # the launcher's OpenMP wait policy for the OpenBLAS vae4j loads
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
  java -XX:+UseSerialGC -cp "$here/target/classes:$(cat "$here/target/classpath.txt")" vae4j.train.StepProfile \
  "$preset" "$steps"
if [[ -x "$here/bench/.venv/bin/python" ]]; then
  echo "== PyTorch profiler ($preset, $steps steps, bench/torch_vae.py --profile)"
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$here/bench/.venv/bin/python" "$here/bench/torch_vae.py" \
    --preset "$preset" --profile "$steps"
fi
