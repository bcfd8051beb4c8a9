#!/usr/bin/env bash
# CPU per token of several servers, side by side, outside the bench (bench/PROFILE.md, "Fifth
# run"), so that a variant can be any command, a modified build included. Each server is started
# pinned to CPU 0 with the examples' bench environment (the bench client, a fresh key of $ALG:
# scripts/environment.mjs); wrk drives it from CPU 1 with the bench's own wrk script of the token
# request, 50 connections, and its stdout is drained on CPU 1. After 3 s of warm-up, the
# server's CPU time (/proc/<pid>/stat: every thread)
# over $SECONDS_PER_ROUND s is divided by the tokens wrk counted. The servers take turns, $ROUNDS
# rounds; prints each one's rounds, median and minimum (µs of CPU per token).
#
#   npx tsc -b
#   ALG=EdDSA bench/scripts/cpu-per-token.sh \
#     "minimal=node bench/scripts/serve.mjs minimal" "lean=node bench/scripts/serve.mjs lean" \
#     "examples/node=node examples/node/dist/main.js"
#
# Needs wrk and taskset. NODE: the node that prepares the run (default: node on PATH); the
# server commands name their own.
set -euo pipefail
ALG=${ALG:-RS256} ROUNDS=${ROUNDS:-4} SECONDS_PER_ROUND=${SECONDS_PER_ROUND:-5} NODE=${NODE:-node}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
eval "$("$NODE" "$root/bench/scripts/environment.mjs" "$ALG" "$work")"
export ALG HOST=127.0.0.1 PORT=18787

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
one() { # command → µs per token
  (cd "$root" && exec taskset -c 0 bash -c "exec $1") > >(taskset -c 1 cat > /dev/null) 2> "$work/stderr" &
  local pid=$!
  for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
  taskset -c 1 wrk -t1 -c50 -d3s -s "$work/token.lua" "http://127.0.0.1:$PORT/token" > /dev/null
  local before; before=$(ticks $pid)
  local out; out=$(taskset -c 1 wrk -t1 -c50 -d"${SECONDS_PER_ROUND}s" -s "$work/token.lua" "http://127.0.0.1:$PORT/token")
  local after; after=$(ticks $pid)
  kill -TERM $pid; wait $pid 2> /dev/null || true
  # The bench's wrk script ends with one line: WRK {"requests":…,"status":<non-2xx answers>,…}.
  local summary; summary=$(sed -n 's/^WRK //p' <<< "$out")
  if ! grep -q '"status":0,' <<< "$summary"; then echo "refused requests: $1: $summary" >&2; exit 1; fi
  local tokens; tokens=$(sed 's/.*"requests":\([0-9]*\).*/\1/' <<< "$summary")
  echo $(( (after - before) * 1000000 / $(getconf CLK_TCK) / tokens ))
}
declare -A results
for _ in $(seq "$ROUNDS"); do
  for spec in "$@"; do results[${spec%%=*}]+="$(one "${spec#*=}") "; done
done
for spec in "$@"; do
  label=${spec%%=*}
  sorted=$(tr ' ' '\n' <<< "${results[$label]}" | grep . | sort -n)
  count=$(wc -l <<< "$sorted")
  echo "$label: ${results[$label]}→ median $(sed -n "$(( (count + 1) / 2 ))p" <<< "$sorted"), min $(head -1 <<< "$sorted") µs of CPU per token"
done
