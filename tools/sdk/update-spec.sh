#!/usr/bin/env bash
# Regenerates sdk/openapi.json, the OpenAPI document the SDKs are generated from, from a real stack: OpenApiIT's spec
# test starts every service, fetches /v1/openapi.json and writes it in canonical form (sorted keys), then checks it.
# Review `git diff sdk/openapi.json`, rebuild the SDKs (sdk/typescript: npm run build; sdk/java: ./mvnw -pl sdk/java
# install) and commit them together. About two minutes; needs the services built (./mvnw install -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/../.."
HERALD_UPDATE_SPEC=true ./mvnw -B -ntp -pl system-tests verify -Dit.test=OpenApiIT -Dtest=NoUnitTests \
  -Dsurefire.failIfNoSpecifiedTests=false
git diff --stat -- sdk/openapi.json
