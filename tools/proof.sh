#!/usr/bin/env bash
# The system proof (issue 11; docs/reliability.md): builds Herald, then runs ChaosProofIT against the whole stack —
# posts through the gateway while services are killed, Kafka and PostgreSQL restarted, a publisher frozen, and the
# platforms misbehave (the sandbox's triggers, a 429 storm and a 5xx burst of 30 posts due in the same second, a
# Mastodon instance that hangs past the publisher's timeout) — and prints one line per property.
#   tools/proof.sh              quick variant: 400 posts, faults for 120 s after the first is due (about 6 minutes)
#   tools/proof.sh long         long variant: 2,000 posts, faults for 300 s (about 10 minutes)
#   tools/proof.sh quick SEED   replays a run's faults (the seed is printed at the start of each run)
set -euo pipefail
cd "$(dirname "$0")/.."

case "${1:-quick}" in
  quick) args=() ;;
  long) args=(-Dherald.proof.posts=2000 -Dherald.proof.window=300) ;;
  *) echo "usage: tools/proof.sh [quick|long] [seed]" >&2; exit 2 ;;
esac
if [[ -n "${2:-}" ]]; then
  args+=("-Dherald.proof.seed=$2")
fi

./mvnw -B -q install -DskipTests
./mvnw -B -pl system-tests verify -Dit.test=ChaosProofIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "${args[@]}" \
  | grep -E '^\[(proof|faults)\]|Tests run:|BUILD|ERROR'
