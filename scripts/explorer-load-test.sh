#!/usr/bin/env bash
# Load test of the latent explorer (README, "The latent explorer"): starts `vae4j serve` on a model, sends
# REQUESTS (default 10,000) decode requests for random latent points from CLIENTS (default 8) concurrent clients on
# loopback, and reports errors, p50/p99 latency, requests/s and the server's RSS before and after (after a warm-up of
# 500 requests, and right after start-up). Fails if any request failed or RSS grew by more than 10 % over the run.
# Usage: scripts/explorer-load-test.sh MODEL_DIR [REQUESTS] [CLIENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:?usage: scripts/explorer-load-test.sh MODEL_DIR [REQUESTS] [CLIENTS]}
REQUESTS=${2:-10000}
CLIENTS=${3:-8}
LOG=$(mktemp -d)
./vae4j serve --model "$MODEL" --port 0 >"$LOG/out" 2>"$LOG/err" &
LAUNCHER=$!
trap 'kill $LAUNCHER 2>/dev/null || true; rm -rf "$LOG"' EXIT
for _ in $(seq 1 600); do
  grep -q '^serving on ' "$LOG/out" && break
  kill -0 $LAUNCHER 2>/dev/null || { cat "$LOG/err"; exit 1; }
  sleep 0.2
done
URL=$(sed -n 's/^serving on //p' "$LOG/out")
[ -n "$URL" ] || { echo "the server did not start"; cat "$LOG/err"; exit 1; }
PID=$LAUNCHER   # ./vae4j execs java
rss() { awk '/^VmRSS/ {print $2}' /proc/"$PID"/status; }
LATENT=$(curl -s "${URL}api/model" | sed -n 's/.*"latent":\([0-9]*\).*/\1/p')
echo "serving $MODEL at $URL (pid $PID, latent $LATENT); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
START_RSS=$(rss)
java scripts/ExplorerLoad.java "$URL" "$LATENT" 500 "$CLIENTS" >/dev/null
BEFORE=$(rss)
java scripts/ExplorerLoad.java "$URL" "$LATENT" "$REQUESTS" "$CLIENTS"
AFTER=$(rss)
echo "RSS: $((START_RSS / 1024)) MiB after start-up, $((BEFORE / 1024)) MiB after a warm-up of 500 requests, $((AFTER / 1024)) MiB after the run ($(awk -v a="$AFTER" -v b="$BEFORE" 'BEGIN {printf "%+.1f %%", 100 * (a - b) / b}'))"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v a="$AFTER" -v b="$BEFORE" 'BEGIN {exit (a > 1.10 * b) ? 1 : 0}' || { echo "RSS grew by more than 10 %"; exit 1; }
