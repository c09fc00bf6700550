#!/usr/bin/env bash
# Runs the pipeline benchmark on this machine: starts the whole stack on free ports (throwaway data), measures
# dispatch lag for DESTINATIONS destinations due at once and sustained creates/s through the gateway.
#   benchmarks/run.sh [destinations=10000] [create-seconds=30] [clients=16] [isolated]
# "isolated" stops the publisher while the destinations come due (the dispatcher alone), then starts it.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
benchmarks/build.sh
java -Xmx1g -XX:+UseSerialGC -Dherald.root="$ROOT" -jar benchmarks/target/herald-benchmarks.jar "$@"
