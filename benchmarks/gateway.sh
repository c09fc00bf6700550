#!/usr/bin/env bash
# Runs the gateway latency benchmark on this machine: starts PostgreSQL, Kafka, the gateway, the post-service and the
# publisher-service on free ports (throwaway data; the other services are not on the measured path), then
# GET /v1/posts/{id} at a fixed rate, open loop, through the gateway and straight to the post-service, in alternating
# phases after a discarded warm-up; prints p50/p90/p99/p99.9/max of each and what the gateway adds.
#   benchmarks/gateway.sh [rate=500] [seconds-per-phase=30] [rounds=2] [warmup-seconds=20] [breakdown]
# The load generator hosts the Kafka broker (~320 MB live): 2 GB keep its full GCs out of the measured phases.
# "breakdown" also measures GET /v1/me, which the gateway answers itself (API key look-up and limiter, no proxying).
# HERALD_BENCH_SERVICE_JAVA_OPTIONS replaces the services' JVM options (default: the system tests' C1-only, -Xmx192m).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
benchmarks/build.sh
# The measured requests go through a Vert.x client with 64 connections (OpenLoopClient). jdk.httpclient.connectionPoolSize
# bounds the JDK client the tenant's set-up uses: it opens a connection per request in flight and keeps them all.
java -Xmx2g -XX:+UseSerialGC -Djdk.httpclient.connectionPoolSize=64 -Dherald.root="$ROOT" -cp benchmarks/target/herald-benchmarks.jar \
  dev.herald.bench.GatewayLatencyBenchmark "$@"
