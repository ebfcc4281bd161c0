#!/usr/bin/env bash
# Fault test for vae4j's checkpoints.
#
#   scripts/fault-test.sh [KILLS]     (default 20)
#   scripts/fault-test.sh --short     (5 kills: the version CI runs)
#
# 1. kill -9: starts a training run (keras-mlp on 3,000 Fashion-MNIST images, a checkpoint every epoch, i.e. every
#    fraction of a second, so kills often land in the middle of a checkpoint write), kills it with SIGKILL after a
#    random delay, checks that the model folder loads (every file complete, history continuous and never shorter
#    than before), resumes, and repeats. At the end a last resume must finish cleanly and leave nothing behind: no
#    temporary link, at most three version folders (current, previous, best), nothing beside the folder.
# 2. disk full: trains into a 12 MiB tmpfs, where the second checkpoint cannot fit: the run must stop with a clear
#    message and exit code 4, and the first checkpoint must still load. Needs root (mount); skipped otherwise.
#
# Needs Fashion-MNIST (apt-get install dataset-fashion-mnist). Prints a tally and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

kills=20
if [[ "${1:-}" == "--short" ]]; then kills=5; elif [[ -n "${1:-}" ]]; then kills=$1; fi
data=(--dataset fashion-mnist --offline --limit-train 3000 --limit-test 500)
work=$(mktemp -d /tmp/vae4j-fault.XXXXXX)
model="$work/model"
failures=0

./vae4j --version >/dev/null || { echo "fault-test: cannot build or start vae4j" >&2; exit 1; }

epochs_of() {  # epochs recorded in the model (via the same loader users get), or -1 if it does not load
  local out
  out=$(./vae4j summary --model "$model" 2>&1) || { echo "$out" | tail -1 >&2; echo -1; return; }
  echo "$out" | sed -n 's/^After epoch \([0-9]*\):.*/\1/p' | tail -1 | grep . || echo 0
}

has_model() { [[ -e "$model/current" || -f "$model/config.json" ]]; }
num() { local n=${1##*/}; echo $((10#$n)); }

made=0; survived=0; early=0; before=0; in_write=0; in_switch=0
for i in $(seq 1 "$kills"); do
  if has_model; then
    ./vae4j train --resume "$model" --epochs 100000 >"$work/run-$i.log" 2>&1 &
  else
    ./vae4j train "${data[@]}" --preset keras-mlp --epochs 100000 --checkpoint-every 1 --out "$model" \
      >"$work/run-$i.log" 2>&1 &
  fi
  pid=$!
  if ! has_model; then
    # a fresh run: wait for its first checkpoint (the JVM, the engine and the data take 1.5 s on a quiet machine,
    # much longer on a busy one), so that every kill has a model to check; then a checkpoint every ~0.2 s
    for _ in $(seq 1 1800); do has_model && break; kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 3.0 * r / 32767 }')"
  else
    # a resumed run: the JVM, the engine and the data take about 1.5 s to start; then a checkpoint every ~0.2 s
    sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.2f", 1.5 + 5.0 * r / 32767 }')"
  fi
  if kill -9 "$pid" 2>/dev/null; then made=$((made + 1)); fi
  wait "$pid" 2>/dev/null
  if ! has_model; then
    echo "kill $i: before the first checkpoint (nothing to check yet)"
    early=$((early + 1))
    continue
  fi
  # what the kill interrupted: a version folder newer than current (being written), or a temporary link (switching)
  if [[ -L "$model/current" ]]; then
    cur=$(num "$(readlink "$model/current")")
    for v in "$model"/.versions/*; do
      if [[ -d "$v" && $(num "$v") -gt "$cur" ]]; then in_write=$((in_write + 1)); break; fi
    done
  fi
  if compgen -G "$model/.*.tmp-*" >/dev/null; then in_switch=$((in_switch + 1)); fi
  now=$(epochs_of)
  if [[ "$now" -ge 0 && "$now" -ge "$before" ]]; then
    survived=$((survived + 1)); echo "kill $i: model loads, $now epochs, history continuous"
    before=$now
  else
    failures=$((failures + 1)); echo "kill $i: FAILED (epochs $now, before $before); log: $work/run-$i.log"
  fi
done

final_epochs=$(( before + 1 ))
if ./vae4j train --resume "$model" --epochs "$final_epochs" >"$work/final.log" 2>&1 && [[ "$(epochs_of)" == "$final_epochs" ]]; then
  echo "final resume: finished epoch $final_epochs cleanly"
else
  failures=$((failures + 1)); echo "final resume FAILED; log: $work/final.log"
fi
temp_links=$(find "$model" -maxdepth 1 -name '.*.tmp-*' | wc -l)
versions=$(find "$model/.versions" -mindepth 1 -maxdepth 1 | wc -l)
beside=$(find "$work" -maxdepth 1 -name '.model*' | wc -l)
echo "kill -9: $made kills made, $early before the first checkpoint; after $survived of the other $((made - early)) the model loaded with its history continuous"
echo "kill -9: $in_write kills landed while a version was being written, $in_switch while a link was being switched"
echo "after the final resume: $temp_links temporary links, $versions version folders, $beside files beside the folder"
[[ "$temp_links" == 0 && "$versions" -le 3 && "$beside" == 0 ]] || failures=$((failures + 1))

# disk full
full="$work/full"
mkdir -p "$full"
if mount -t tmpfs -o size=12m tmpfs "$full" 2>/dev/null; then
  ./vae4j train "${data[@]}" --preset keras-mlp --epochs 5 --out "$full/model" >"$work/full.log" 2>&1
  code=$?
  msg=$(grep 'vae4j: error' "$work/full.log" | tail -1)
  if [[ "$code" == 4 && "$msg" == *"no space left"* ]] && ./vae4j summary --model "$full/model" >/dev/null 2>&1; then
    echo "disk full: exit 4, '$msg'; the earlier checkpoint still loads"
  else
    failures=$((failures + 1)); echo "disk full: FAILED (exit $code, '$msg'); log: $work/full.log"
  fi
  umount "$full"
else
  echo "disk full: skipped (mounting a tmpfs needs root)"
fi

if [[ "$failures" == 0 ]]; then
  echo "fault test passed"; rm -rf "$work"
else
  echo "fault test: $failures failure(s); logs in $work"; exit 1
fi
