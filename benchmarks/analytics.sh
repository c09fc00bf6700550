#!/usr/bin/env bash
# Runs the analytics query benchmark on this machine: starts the stack on free ports (throwaway data), seeds a year of
# ACCOUNTS accounts x POSTS_PER_DAY posts a day into the analytics schema with generate_series, then measures each
# analytics endpoint straight on analytics-service, one request at a time (p50 / p95 / max in ms).
#   benchmarks/analytics.sh [accounts=100] [posts-per-day=20] [days=365] [samples=50]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
benchmarks/build.sh
java -Xmx1g -XX:+UseSerialGC -Dherald.root="$ROOT" -cp benchmarks/target/herald-benchmarks.jar \
  dev.herald.bench.AnalyticsQueryBenchmark "$@"
