#!/usr/bin/env bash
# Runs the publisher throughput benchmark on this machine: starts the whole stack on free ports (throwaway data) with
# the sandbox answering after LATENCY ms, provisions ACCOUNTS sandbox accounts, creates POSTS posts targeting every
# account (POST /v1/posts/bulk), all due at the same instant LEAD seconds ahead, then prints destinations published
# per second (first to last published_at), the lag from the due time to published_at (p50/p99/max), and each service's
# RSS at idle and its peak under the load. PUBLISHERS / POST_SERVICES > 1 start that many instances (scale-out).
#   benchmarks/publisher.sh [accounts=50] [posts=100] [latency-ms=0] [lead-seconds=30] [publishers=1] [post-services=1]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
benchmarks/build.sh
java -Xmx1g -XX:+UseSerialGC -Dherald.root="$ROOT" -cp benchmarks/target/herald-benchmarks.jar \
  dev.herald.bench.PublisherBenchmark "$@"
