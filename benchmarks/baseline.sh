#!/usr/bin/env bash
# The physical limits on this machine (issue 11): raw Kafka producer/consumer throughput and raw PostgreSQL insert
# rates, on the same in-JVM broker and embedded PostgreSQL the stack uses, so Herald's figures can be read as a share.
#   benchmarks/baseline.sh [records=200000] [payload-bytes=700] [rows=100000]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
benchmarks/build.sh
java -Xmx1g -XX:+UseSerialGC -Dherald.root="$ROOT" -cp benchmarks/target/herald-benchmarks.jar \
  dev.herald.bench.BaselineBenchmark "$@"
