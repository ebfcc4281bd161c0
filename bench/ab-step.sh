#!/usr/bin/env bash
# A/B of one lever on vae4j's training step, alternating in one run:
#   bench/ab-step.sh PRESET STEPS ROUNDS 'JAVA_OPTS_A' 'JAVA_OPTS_B'
#   e.g. bench/ab-step.sh pytorch-mlp 300 5 -Dvae4j.flatAdam=false -Dvae4j.flatAdam=true
# A side may also set environment variables (NAME=VALUE) or unset them (-u NAME), e.g. the shared OpenMP pool against
# the bundled OpenBLAS: bench/ab-step.sh pytorch-mlp 400 5 'VAE4J_BLAS=bundled' '-u OMP_WAIT_POLICY VAE4J_BLAS=auto'
# Both sides start from OMP_WAIT_POLICY=PASSIVE, the launcher's malloc settings (scripts/malloc-env.sh; '-u
# MALLOC_TRIM_THRESHOLD_ -u MALLOC_MMAP_THRESHOLD_' drops them) and without OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE.
# Prints each run's wall ms per step and the main thread's CPU ms per step, then the medians, with uptime before and
# after. On a loaded machine compare the CPU times of single-threaded runs (-Dvae4j.threads=1
# -Dvae4j.blasThreads=1): preemption does not inflate them, while 2-thread wall times then mostly measure waiting.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
preset="$1"; steps="$2"; rounds="$3"; a="$4"; b="$5"
"$here/vae4j" --version >/dev/null
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
source "$here/scripts/malloc-env.sh"
uptime
run() {
  local unset=(-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE) vars=(OMP_WAIT_POLICY=PASSIVE) opts=() words
  read -r -a words <<<"$1"
  for ((i = 0; i < ${#words[@]}; i++)); do
    case "${words[i]}" in
      -u) i=$((i + 1)); unset+=(-u "${words[i]}")
          local kept=(); for v in ${vars[@]+"${vars[@]}"}; do [[ $v == "${words[i]}="* ]] || kept+=("$v"); done
          vars=(${kept[@]+"${kept[@]}"}) ;;
      [A-Z]*=*) vars+=("${words[i]}") ;;
      *) opts+=("${words[i]}") ;;
    esac
  done
  env "${unset[@]}" ${vars[@]+"${vars[@]}"} java -XX:+UseSerialGC ${opts[@]+"${opts[@]}"} -cp "$cp" \
    vae4j.train.StepProfile "$preset" "$steps" | sed -n 's/.*; \([0-9.]*\) ms per step.*CPU time \([0-9.]*\) ms.*/\1 \2/p'
}
AW=(); AC=(); BW=(); BC=()
for ((r = 0; r < rounds; r++)); do
  for side in $( ((r % 2 == 0)) && echo "A B" || echo "B A"); do
    if [[ $side == A ]]; then read -r w c <<<"$(run "$a")"; AW+=("$w"); AC+=("$c");
    else read -r w c <<<"$(run "$b")"; BW+=("$w"); BC+=("$c"); fi
  done
  echo "round $((r + 1)): A ${AW[-1]} ms wall, ${AC[-1]} ms CPU; B ${BW[-1]} ms wall, ${BC[-1]} ms CPU"
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
echo "A ($a): median $(median "${AW[@]}") ms wall, $(median "${AC[@]}") ms CPU per step"
echo "B ($b): median $(median "${BW[@]}") ms wall, $(median "${BC[@]}") ms CPU per step"
uptime
