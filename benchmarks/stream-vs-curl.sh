#!/usr/bin/env bash
# Streams a long native chat (POST /api/v1/chat, "count to N": N message deltas) from the fake
# LM Studio, once through the Java client and once raw with curl, and compares the wall times.
#
#   mvn -B -q -pl benchmarks -am package -DskipTests
#   benchmarks/stream-vs-curl.sh [TOKENS [RUNS [WARMUP]]]   # defaults: 100000, 11, 10
#
# The client's time is measured inside one JVM from sending the request to the last event
# (NativeStreamClient); right after each of its streams, it has curl make the same request, and
# curl's time is curl's own time_total: the two alternate, so that a slow spell of the machine
# falls on both alike. WARMUP unmeasured pairs come first (class loading and JIT for the client and
# the fake; the client's first, cold stream is reported). Medians of RUNS pairs; the ratio is
# client / curl. JAVA (default: java on PATH) picks the JVM for both the server and the client.
set -euo pipefail

TOKENS="${1:-100000}"
RUNS="${2:-11}"
WARMUP="${3:-10}"
JAVA="${JAVA:-java}"
HERE="$(cd "$(dirname "$0")" && pwd)"
JAR="$HERE/target/benchmarks.jar"
[ -f "$JAR" ] || { echo "missing $JAR: run mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

mkfifo "$WORK/ready"
"$JAVA" -cp "$JAR" io.github.lmstudiojava.testing.FakeLmStudioServer --port 0 \
  > "$WORK/ready" 2> "$WORK/server.err" &
SERVER_PID=$!
URL=""
if read -r -t 30 LINE < "$WORK/ready"; then
  URL="${LINE#FakeLmStudio listening on }"
fi
case "$URL" in
  http://*) ;;
  *) echo "the fake LM Studio did not start:" >&2; cat "$WORK/server.err" >&2; exit 1 ;;
esac

median() { sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); if (NR % 2) print v[m]; else printf "%.1f\n", (v[m] + v[m + 1]) / 2 }'; }

# WARMUP unmeasured pairs, then RUNS measured ones, in one client JVM: each pair is one stream
# through the client, then the same request with curl.
"$JAVA" -cp "$JAR" io.github.lmstudiojava.benchmarks.NativeStreamClient "$URL" "$TOKENS" \
  "$((WARMUP + RUNS))" --curl > "$WORK/pairs.txt"
awk '$1 == "run" { print $3 }' "$WORK/pairs.txt" > "$WORK/client.txt"
awk '$1 == "curl" { print $3 }' "$WORK/pairs.txt" > "$WORK/curl.txt"
FIRST="$(awk 'NR == 1' "$WORK/client.txt")"
CLIENT="$(awk -v w="$WARMUP" 'NR > w' "$WORK/client.txt" | median)"
CURL="$(awk -v w="$WARMUP" 'NR > w' "$WORK/curl.txt" | median)"
EVENTS="$(awk '$1 == "run" { print $5; exit }' "$WORK/pairs.txt")"
BODY="{\"model\":\"ibm/granite-4-micro\",\"input\":\"count to $TOKENS\",\"stream\":true}"
BYTES="$(curl -sS -N -H 'Content-Type: application/json' -d "$BODY" "$URL/api/v1/chat" | wc -c | tr -d ' ')"

echo "tokens: $TOKENS, events per stream: $EVENTS, bytes per stream: $BYTES, runs: $RUNS, cores: $(nproc 2>/dev/null || echo '?')"
echo "java: $("$JAVA" -version 2>&1 | head -n 1)"
echo "client runs (ms): $(awk -v w="$WARMUP" 'NR > w { printf "%s ", $1 }' "$WORK/client.txt")(after $WARMUP warm-up pairs; the first, cold: $FIRST)"
echo "curl runs (ms):   $(awk -v w="$WARMUP" 'NR > w { printf "%s ", $1 }' "$WORK/curl.txt")"
printf '| %s | %s | %s |\n' "median client (ms)" "median curl (ms)" "client / curl"
printf '| %s | %s | %.2f |\n' "$CLIENT" "$CURL" "$(awk -v a="$CLIENT" -v b="$CURL" 'BEGIN { print a / b }')"
