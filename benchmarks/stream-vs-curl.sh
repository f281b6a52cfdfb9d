#!/usr/bin/env bash
# Streams a long native chat (POST /api/v1/chat, "count to N": N message deltas) from the fake
# LM Studio, once through the Java client and once raw with curl, and compares the wall times.
#
#   mvn -B -q -pl benchmarks -am package -DskipTests
#   benchmarks/stream-vs-curl.sh [TOKENS [RUNS [WARMUP]]]   # defaults: 100000, 5, 10
#
# The client's time is measured inside one JVM from sending the request to the last event
# (NativeStreamClient), after WARMUP unmeasured streams (class loading, JIT; the first one is
# reported as the cold time). curl's is its own time_total for the same request, after one
# unmeasured request. Medians of RUNS runs each; the ratio is client / curl.
# JAVA (default: java on PATH) picks the JVM for both the server and the client.
set -euo pipefail

TOKENS="${1:-100000}"
RUNS="${2:-5}"
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

# The client: WARMUP unmeasured runs, then RUNS measured ones, in one JVM.
"$JAVA" -cp "$JAR" io.github.lmstudiojava.benchmarks.NativeStreamClient "$URL" "$TOKENS" \
  "$((WARMUP + RUNS))" > "$WORK/client.txt"
FIRST="$(awk 'NR == 1 { print $3 }' "$WORK/client.txt")"
CLIENT="$(awk -v w="$WARMUP" 'NR > w { print $3 }' "$WORK/client.txt" | median)"
EVENTS="$(awk 'NR == 1 { print $5 }' "$WORK/client.txt")"

BODY="{\"model\":\"ibm/granite-4-micro\",\"input\":\"count to $TOKENS\",\"stream\":true}"
# One unmeasured request first, as the client had, so the server side is warm for both.
curl -sS -N -o /dev/null -H 'Content-Type: application/json' -d "$BODY" "$URL/api/v1/chat"
for _ in $(seq "$RUNS"); do
  curl -sS -N -o "$WORK/curl.sse" -w '%{time_total}\n' -H 'Content-Type: application/json' \
    -d "$BODY" "$URL/api/v1/chat" | awk '{ printf "%.1f\n", $1 * 1000 }' >> "$WORK/curl.txt"
done
BYTES="$(wc -c < "$WORK/curl.sse" | tr -d ' ')"
CURL="$(median < "$WORK/curl.txt")"

echo "tokens: $TOKENS, events per stream: $EVENTS, bytes per stream: $BYTES, runs: $RUNS, cores: $(nproc 2>/dev/null || echo '?')"
echo "java: $("$JAVA" -version 2>&1 | head -n 1)"
echo "client runs (ms): $(awk -v w="$WARMUP" 'NR > w { printf "%s ", $3 }' "$WORK/client.txt")(after $WARMUP warm-up runs; the first, cold: $FIRST)"
echo "curl runs (ms):   $(tr '\n' ' ' < "$WORK/curl.txt")"
printf '| %s | %s | %s |\n' "median client (ms)" "median curl (ms)" "client / curl"
printf '| %s | %s | %.2f |\n' "$CLIENT" "$CURL" "$(awk -v a="$CLIENT" -v b="$CURL" 'BEGIN { print a / b }')"
