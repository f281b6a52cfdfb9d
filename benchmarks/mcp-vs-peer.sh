#!/usr/bin/env bash
# Measures three MCP servers over stdio against one fake LM Studio, on the same machine in one go:
# ours started with plain `java -jar`, ours started by the launcher script bin/lmstudio-mcp (its
# class-data archive made first), and the npm package mcp-llm-studio (the server ours replaces)
# started with node.
#
#   mvn -B -q package -DskipTests          # builds both jars; this script builds nothing
#   benchmarks/mcp-vs-peer.sh [STARTS [CALLS [WARMUP]]]   # defaults: 5, 200, 20
#
# Figures, per server:
#   start:   spawn to the tools/list answer (initialize, notifications/initialized, tools/list),
#            median of STARTS fresh processes
#   ask, model_list: p50 and p95 of CALLS calls each, one at a time on one connection, after
#            WARMUP calls of each
#   peak RSS: VmHWM of the server process (from /proc) after those calls
#   tools/list: the bytes of its answer line
# The driver (McpProcessDriver in benchmarks.jar) writes and reads line-delimited JSON-RPC itself,
# the same for all three; it checks every answer and that stdout carries only JSON-RPC.
#
# The peer is installed with npm into ${TMPDIR:-/tmp}/mcp-llm-studio-3.1.5 (PEER_DIR to choose),
# never into the repository, and reused when it is already there. Its better-sqlite3 dependency is
# a native module: npm builds it from source at install time when no prebuilt binary can be fetched
# (node-gyp: a C++ compiler, make, python3 and Node's headers), which took about 3 minutes here.
# Each server gets a fresh sessions database in a scratch folder (ours: --sessions sqlite:...,
# the peer: MCP_SESSIONS_DB). JAVA_HOME, else java on PATH, runs the fake, the driver and ours.
# BENCH_LAUNCHER_OPTS: JVM options for the launcher's runs (as LMSTUDIO_MCP_JAVA_OPTS), to try others.
set -euo pipefail

STARTS="${1:-5}"
CALLS="${2:-200}"
WARMUP="${3:-20}"
PEER_VERSION="3.1.5"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BENCH_JAR="$HERE/target/benchmarks.jar"
SERVER_JAR="$ROOT/lmstudio-mcp-server/target/lmstudio-mcp-server.jar"
LAUNCHER="$ROOT/lmstudio-mcp-server/bin/lmstudio-mcp"
JAVA="java"
if [ -n "${JAVA_HOME:-}" ]; then JAVA="$JAVA_HOME/bin/java"; fi
MODEL="ibm/granite-4-micro"

for jar in "$BENCH_JAR" "$SERVER_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: run mvn -B -q package -DskipTests first" >&2; exit 1; }
done
command -v node >/dev/null || { echo "node is required (for the peer)" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is required (to install the peer)" >&2; exit 1; }

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/mcp-vs-peer.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

# The peer, installed once outside the repository.
PEER_DIR="${PEER_DIR:-${TMPDIR:-/tmp}/mcp-llm-studio-$PEER_VERSION}"
PEER_JS="$PEER_DIR/node_modules/mcp-llm-studio/dist/server.js"
peer_ready() {
  [ -f "$PEER_JS" ] && (cd "$PEER_DIR" && node -e "new (require('better-sqlite3'))(':memory:').close()") 2>/dev/null
}
if ! peer_ready; then
  echo "installing mcp-llm-studio@$PEER_VERSION into $PEER_DIR (builds better-sqlite3; minutes)" >&2
  mkdir -p "$PEER_DIR"
  (cd "$PEER_DIR" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund --loglevel=error "mcp-llm-studio@$PEER_VERSION" >&2)
  # If install scripts were skipped, build the native module explicitly.
  peer_ready || (cd "$PEER_DIR" && npm rebuild better-sqlite3 >&2)
  peer_ready || { echo "mcp-llm-studio's better-sqlite3 does not load under $(node --version)" >&2; exit 1; }
fi

# The fake LM Studio, one process for every server.
mkfifo "$SCRATCH/ready"
"$JAVA" -cp "$BENCH_JAR" io.github.lmstudiojava.testing.FakeLmStudioServer --port 0 \
  > "$SCRATCH/ready" 2> "$SCRATCH/fake.err" &
SERVER_PID=$!
URL=""
if read -r -t 30 LINE < "$SCRATCH/ready"; then
  URL="${LINE#FakeLmStudio listening on }"
fi
case "$URL" in
  http://*) ;;
  *) echo "the fake LM Studio did not start:" >&2; cat "$SCRATCH/fake.err" >&2; exit 1 ;;
esac
export LM_STUDIO_URL="$URL"

driver() { "$JAVA" -cp "$BENCH_JAR" io.github.lmstudiojava.benchmarks.McpProcessDriver "$@"; }
median() { sort -n | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); if (NR % 2) print v[m]; else printf "%.1f\n", (v[m] + v[m + 1]) / 2 }'; }
value() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# The launcher's archive goes to a scratch cache; one unmeasured session makes it.
export XDG_CACHE_HOME="$SCRATCH/cache"
export LMSTUDIO_MCP_JAR="$SERVER_JAR"
export LMSTUDIO_MCP_JAVA_OPTS="${BENCH_LAUNCHER_OPTS:-}"
driver startup 1 "$SCRATCH/warm.err" -- "$LAUNCHER" --sessions "sqlite:$SCRATCH/warm.db" > /dev/null
find "$XDG_CACHE_HOME/lmstudio-java" \( -name '*.jsa' -o -name '*.aot' \) | grep -q . \
  || { echo "the launcher left no archive:" >&2; cat "$SCRATCH/warm.err" >&2; exit 1; }

NAMES=("ours, java -jar" "ours, launcher" "mcp-llm-studio, node")
measure() {
  local i="$1"
  shift
  local out="$SCRATCH/result-$i.txt"
  case "$i" in
    0) set -- "$JAVA" -jar "$SERVER_JAR" --sessions "sqlite:$SCRATCH/ours-$i.db" ;;
    1) set -- "$LAUNCHER" --sessions "sqlite:$SCRATCH/ours-$i.db" ;;
    2) set -- env "MCP_SESSIONS_DB=$SCRATCH/peer.db" node "$PEER_JS" ;;
  esac
  driver startup "$STARTS" "$SCRATCH/stderr-$i.txt" -- "$@" > "$out"
  driver calls "$CALLS" "$WARMUP" "$MODEL" "$SCRATCH/stderr-$i.txt" -- "$@" >> "$out"
  echo "${NAMES[$i]}: starts (ms) $(value startup_ms "$out" | tr '\n' ' ')" >&2
}
for i in 0 1 2; do measure "$i"; done

row() {
  local out="$SCRATCH/result-$1.txt"
  START[$1]="$(value startup_ms "$out" | median)"
  ASK50[$1]="$(value ask_p50_ms "$out")"
  ASK95[$1]="$(value ask_p95_ms "$out")"
  LIST50[$1]="$(value model_list_p50_ms "$out")"
  LIST95[$1]="$(value model_list_p95_ms "$out")"
  RSS[$1]="$(value vmhwm_kb "$out" | awk '{ if ($1 < 0) print "n/a"; else printf "%.1f\n", $1 / 1024 }')"
  BYTES[$1]="$(value tools_list_bytes "$out")"
}
declare -a START ASK50 ASK95 LIST50 LIST95 RSS BYTES
for i in 0 1 2; do row "$i"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f\n", a / b }'; }

echo "cores (nproc): $(nproc 2>/dev/null || echo '?'); starts: $STARTS; calls: $CALLS after $WARMUP warm-up calls each"
echo "java: $("$JAVA" -version 2>&1 | head -n 1); node: $(node --version); mcp-llm-studio $PEER_VERSION"
echo
echo "| server | start to tools/list, median (ms) | ask p50 / p95 (ms) | model_list p50 / p95 (ms) | peak RSS (MiB) | tools/list answer (bytes) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for i in 0 1 2; do
  echo "| ${NAMES[$i]} | ${START[$i]} | ${ASK50[$i]} / ${ASK95[$i]} | ${LIST50[$i]} / ${LIST95[$i]} | ${RSS[$i]} | ${BYTES[$i]} |"
done
for i in 0 1; do
  echo "| ${NAMES[$i]} / peer | $(ratio "${START[$i]}" "${START[2]}") | $(ratio "${ASK50[$i]}" "${ASK50[2]}") / $(ratio "${ASK95[$i]}" "${ASK95[2]}") | $(ratio "${LIST50[$i]}" "${LIST50[2]}") / $(ratio "${LIST95[$i]}" "${LIST95[2]}") | $(ratio "${RSS[$i]}" "${RSS[2]}") | $(ratio "${BYTES[$i]}" "${BYTES[2]}") |"
done
