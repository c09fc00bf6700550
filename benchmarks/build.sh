#!/usr/bin/env bash
# Builds the benchmarks jar, and with it the services' packaged jars it runs, when the jar is missing; every benchmark
# script calls it first. The build takes the shared Maven lock (as tools/sdk/update-spec.sh does): two Maven builds at
# once on a 2-core machine starve each other, and a benchmark is often started beside another session's build.
#   benchmarks/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f benchmarks/target/herald-benchmarks.jar ]]; then
  exit 0
fi
LOCK=/tmp/herald-maven.lock
# A benchmark run wrapped in `flock /tmp/herald-maven.lock` (to keep builds off the machine while it measures) already
# holds the lock through a descriptor it inherited; taking it again would wait on itself for good.
holds_lock() {
  local fd
  for fd in /proc/$$/fd/*; do
    [[ "$(readlink "$fd" 2>/dev/null)" == "$LOCK" ]] && return 0
  done
  return 1
}
lock=()
# Where there is no flock (macOS) the build runs without one.
if command -v flock >/dev/null 2>&1 && ! holds_lock; then
  lock=(flock "$LOCK")
fi
# ${lock[@]+...}: an empty array is "unbound" under set -u in the bash 3 macOS ships.
${lock[@]+"${lock[@]}"} ./mvnw -B -q -DskipTests package
