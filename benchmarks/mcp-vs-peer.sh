#!/usr/bin/env bash
# Measures MCP servers over stdio against one fake LM Studio, on the same machine in one go:
# ours started with plain `java -jar`, ours started by the launcher script bin/lmstudio-mcp (its
# class-data archive made first), the same launcher on a second JDK when JDK25_HOME names one
# (there it makes an ahead-of-time cache), and the npm package mcp-llm-studio (the server ours
# replaces) started with node.
#
#   mvn -B -q package -DskipTests          # builds both jars; this script builds nothing
#   benchmarks/mcp-vs-peer.sh [ROUNDS [CALLS [WARMUP]]]   # defaults: 7, 200, 20
#
# Figures, per server:
#   start:   spawn to the tools/list answer (initialize, notifications/initialized, tools/list),
#            median of ROUNDS fresh processes; the rounds are interleaved (one start of each
#            server per round), so a slow spell of the machine falls on all of them alike
#   ask, model_list: p50 and p95 of CALLS calls each, one at a time on one connection, after
#            WARMUP calls of each
#   peak RSS: VmHWM of the server process (from /proc) after those calls
#   tools/list: the bytes of its answer line
# The driver (McpProcessDriver in benchmarks.jar) writes and reads line-delimited JSON-RPC itself,
# the same for all; it checks every answer and that stdout carries only JSON-RPC.
#
# The peer is installed with npm into ${TMPDIR:-/tmp}/mcp-llm-studio-3.1.5 (PEER_DIR to choose),
# never into the repository, and reused when it is already there. Its better-sqlite3 dependency is
# a native module: npm builds it from source at install time when no prebuilt binary can be fetched
# (node-gyp: a C++ compiler, make, python3 and Node's headers), which took about 3 minutes here.
# Each server gets a fresh sessions database in a scratch folder (ours: --sessions sqlite:...,
# the peer: MCP_SESSIONS_DB). JAVA_HOME, else java on PATH, runs the fake, the driver and ours.
# BENCH_SERVER_JAR: another server jar to measure (an older build, say) instead of the one in target.
# BENCH_LAUNCHER_OPTS: JVM options for the launcher's runs (as LMSTUDIO_MCP_JAVA_OPTS), to try others.
set -euo pipefail

ROUNDS="${1:-7}"
CALLS="${2:-200}"
WARMUP="${3:-20}"
PEER_VERSION="3.1.5"
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
BENCH_JAR="$HERE/target/benchmarks.jar"
SERVER_JAR="${BENCH_SERVER_JAR:-$ROOT/lmstudio-mcp-server/target/lmstudio-mcp-server.jar}"
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

# The fake answers every server alike only once its own JIT has warmed up: one unmeasured session
# of calls before anything is measured (else the first server measured would pay for it).
driver calls 200 0 "$MODEL" "$SCRATCH/fake-warm.err" -- "$JAVA" -jar "$SERVER_JAR" \
  --sessions "sqlite:$SCRATCH/fake-warm.db" > /dev/null

# The launcher's archive goes to a scratch cache; one unmeasured session per JDK makes it, with a
# few tool calls, as a user's first session has: the archive then holds the classes they load.
export XDG_CACHE_HOME="$SCRATCH/cache"
export LMSTUDIO_MCP_JAR="$SERVER_JAR"
export LMSTUDIO_MCP_JAVA_OPTS="${BENCH_LAUNCHER_OPTS:-}"
CMD=()
NAMES=("ours, java -jar" "ours, launcher")
if [ -n "${JDK25_HOME:-}" ]; then
  [ -x "$JDK25_HOME/bin/java" ] || { echo "JDK25_HOME names no JDK: $JDK25_HOME" >&2; exit 1; }
  NAMES+=("ours, launcher, $("$JDK25_HOME/bin/java" -version 2>&1 | sed -n '1s/^[^"]*"\([^"]*\)".*/JDK \1/p')")
fi
NAMES+=("mcp-llm-studio, node")
PEER=$((${#NAMES[@]} - 1))
command_of() { # sets CMD to the command line of server $1, with sessions database $2
  case "${NAMES[$1]}" in
    "ours, java -jar") CMD=("$JAVA" -jar "$SERVER_JAR" --sessions "sqlite:$2") ;;
    "ours, launcher") CMD=("$LAUNCHER" --sessions "sqlite:$2") ;;
    "ours, launcher, "*) CMD=(env "JAVA_HOME=$JDK25_HOME" "$LAUNCHER" --sessions "sqlite:$2") ;;
    *) CMD=(env "MCP_SESSIONS_DB=$2" node "$PEER_JS") ;;
  esac
}
for i in "${!NAMES[@]}"; do
  case "${NAMES[$i]}" in
    "ours, launcher"*)
      command_of "$i" "$SCRATCH/warm-$i.db"
      driver calls 10 0 "$MODEL" "$SCRATCH/warm-$i.err" -- "${CMD[@]}" > /dev/null ;;
  esac
done
[ "$(find "$XDG_CACHE_HOME/lmstudio-java" \( -name '*.jsa' -o -name '*.aot' \) | wc -l)" -ge $((PEER - 1)) ] \
  || { echo "the launcher left no archive:" >&2; cat "$SCRATCH"/warm-*.err >&2; exit 1; }

# Starts: ROUNDS rounds, each starting every server once.
for round in $(seq "$ROUNDS"); do
  for i in "${!NAMES[@]}"; do
    command_of "$i" "$SCRATCH/start-$i-$round.db"
    driver startup 1 "$SCRATCH/stderr-$i.txt" -- "${CMD[@]}" >> "$SCRATCH/result-$i.txt"
  done
done
for i in "${!NAMES[@]}"; do
  command_of "$i" "$SCRATCH/calls-$i.db"
  driver calls "$CALLS" "$WARMUP" "$MODEL" "$SCRATCH/stderr-$i.txt" -- "${CMD[@]}" \
    >> "$SCRATCH/result-$i.txt"
  echo "${NAMES[$i]}: starts (ms) $(value startup_ms "$SCRATCH/result-$i.txt" | tr '\n' ' ')" >&2
done

row() {
  local out="$SCRATCH/result-$1.txt"
  START[$1]="$(value startup_ms "$out" | median)"
  ASK50[$1]="$(value ask_p50_ms "$out")"
  ASK95[$1]="$(value ask_p95_ms "$out")"
  LIST50[$1]="$(value model_list_p50_ms "$out")"
  LIST95[$1]="$(value model_list_p95_ms "$out")"
  RSS[$1]="$(value vmhwm_kb "$out" | awk '{ if ($1 < 0) print "n/a"; else printf "%.1f\n", $1 / 1024 }')"
  BYTES[$1]="$(value tools_list_bytes "$out" | tail -n 1)"
}
declare -a START ASK50 ASK95 LIST50 LIST95 RSS BYTES
for i in "${!NAMES[@]}"; do row "$i"; done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b == 0) print "n/a"; else printf "%.2f\n", a / b }'; }

echo "cores (nproc): $(nproc 2>/dev/null || echo '?'); starts: $ROUNDS rounds; calls: $CALLS after $WARMUP warm-up calls each"
echo "java: $("$JAVA" -version 2>&1 | head -n 1)${JDK25_HOME:+; second JDK: $("$JDK25_HOME/bin/java" -version 2>&1 | head -n 1)}; node: $(node --version); mcp-llm-studio $PEER_VERSION"
echo
echo "| server | start to tools/list, median (ms) | ask p50 / p95 (ms) | model_list p50 / p95 (ms) | peak RSS (MiB) | tools/list answer (bytes) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for i in "${!NAMES[@]}"; do
  echo "| ${NAMES[$i]} | ${START[$i]} | ${ASK50[$i]} / ${ASK95[$i]} | ${LIST50[$i]} / ${LIST95[$i]} | ${RSS[$i]} | ${BYTES[$i]} |"
done
P=$PEER
for i in $(seq 0 $((PEER - 1))); do
  echo "| ${NAMES[$i]} / peer | $(ratio "${START[$i]}" "${START[$P]}") | $(ratio "${ASK50[$i]}" "${ASK50[$P]}") / $(ratio "${ASK95[$i]}" "${ASK95[$P]}") | $(ratio "${LIST50[$i]}" "${LIST50[$P]}") / $(ratio "${LIST95[$i]}" "${LIST95[$P]}") | $(ratio "${RSS[$i]}" "${RSS[$P]}") | $(ratio "${BYTES[$i]}" "${BYTES[$P]}") |"
done
