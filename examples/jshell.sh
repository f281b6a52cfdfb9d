#!/usr/bin/env bash
# Opens JShell with lmstudio-java on the class path and lmstudio.jsh loaded.
#   examples/jshell.sh            talks to LM Studio at LM_STUDIO_URL (default http://localhost:1234)
#   examples/jshell.sh --demo     talks to a simulated LM Studio (FakeLmStudio) instead
# Builds examples/target/lmstudio-examples.jar first when it is missing (--rebuild: always).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/lmstudio-examples.jar"

options=()
rebuild=false
for arg in "$@"; do
  case "$arg" in
    --demo) options+=("-R-Dlmstudio.demo=true") ;;
    --rebuild) rebuild=true ;;
    *) echo "usage: examples/jshell.sh [--demo] [--rebuild]" >&2; exit 2 ;;
  esac
done

if [ "$rebuild" = true ] || [ ! -f "$jar" ]; then
  (cd "$here/.." && mvn -B -q -ntp package -DskipTests -pl examples -am)
fi
exec jshell --class-path "$jar" ${options[@]+"${options[@]}"} "$here/lmstudio.jsh"
