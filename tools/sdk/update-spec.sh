#!/usr/bin/env bash
# Regenerates sdk/openapi.json, the OpenAPI document the SDKs are generated from, from a real stack: OpenApiIT's spec
# test starts every service, fetches /v1/openapi.json and writes it in canonical form (sorted keys), then checks it.
# Review `git diff sdk/openapi.json`, rebuild the SDKs (sdk/typescript: npm run build; sdk/java: ./mvnw -pl sdk/java
# install) and commit them together. About two minutes; needs the services built (./mvnw install -DskipTests).
# Takes the shared Maven lock itself: do not wrap it in flock, the inner flock would wait on the outer one for good.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Two Maven builds at once on a 2-core machine starve each other (and this one starts every service), so the build
# waits for the lock every other build here takes; where there is no flock (macOS) it runs without one.
lock=()
if command -v flock >/dev/null 2>&1; then
  lock=(flock /tmp/herald-maven.lock)
fi
# ${lock[@]+...}: an empty array is "unbound" under set -u in the bash 3 macOS ships.
HERALD_UPDATE_SPEC=true ${lock[@]+"${lock[@]}"} ./mvnw -B -ntp -pl system-tests verify -Dit.test=OpenApiIT \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false
git diff --stat -- sdk/openapi.json
