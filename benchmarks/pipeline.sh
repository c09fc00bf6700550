#!/usr/bin/env bash
# The pipeline matrix (issue 11): starts the whole stack on free ports (throwaway data), ten sandbox accounts and a
# webhook endpoint on a receiver inside the benchmark's JVM; then, for each sandbox latency and each destination
# count, POSTS posts (publish now, each to that many accounts) created through the gateway by CLIENTS threads, drained
# before the next cell. Prints created/s, published/s (first to last published_at), published_at - due and
# destination.published webhook received - published_at (p50/p99/max), and a "[row]" line per cell for the table.
#   benchmarks/pipeline.sh [posts=300] [destinations=1,3,10] [latencies-ms=0] [clients=8]
# A latency after the first restarts the publisher-service with it; one latency per run keeps a run short.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
benchmarks/build.sh
echo "Commit: $(git rev-parse --short HEAD), $(date -u +%FT%TZ), $(nproc) cores"
java -Xmx1g -XX:+UseSerialGC -Dherald.root="$ROOT" -cp benchmarks/target/herald-benchmarks.jar \
  dev.herald.bench.PipelineMatrixBenchmark "$@"
