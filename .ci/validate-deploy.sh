#!/usr/bin/env bash
# CI: the deployment files, without a Docker engine or a cluster (neither exists on the build machines):
# - k8s/overlays/{dev,prod} must render with kustomize (kubectl kustomize, kustomize v5), and every rendered object
#   must pass the Kubernetes OpenAPI schema strictly, the custom resources theirs, and Herald's rules;
# - docker-compose.yml must pass the Compose Specification schema and Herald's rules, and load in docker-compose;
# - the Grafana dashboard (deploy/grafana) must query only metrics the services register;
# - the validator must catch each of a set of broken files (self-test).
# What is checked and how: deploy/validate/validate.mjs. About 20 s (npm ci included).
# With --images (after ./mvnw verify, which built the services' target/quarkus-app): the six OCI images too, with
# Jib to <service>/target/jib-image.tar, no push, on a JRE base assembled from this machine's JDK
# (deploy/image/build-local-base.sh: no registry is reachable here), then runs them as docker-compose.yml would
# (deploy/image/smoke-test.sh: chroot, so root). About 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v kubectl >/dev/null 2>&1; then
  echo "validate-deploy: kubectl (with kustomize v5) is needed to render k8s/overlays" >&2
  exit 1
fi
(cd deploy/validate && npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v EBADENGINE || true)
test -d deploy/validate/node_modules/kubernetes-models

rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
for overlay in dev prod; do
  kubectl kustomize "k8s/overlays/$overlay" > "$rendered/$overlay.yaml"
  node deploy/validate/validate.mjs k8s "$overlay" "$rendered/$overlay.yaml"
done
node deploy/validate/validate.mjs compose docker-compose.yml
# A second reader of the compose file: Debian's docker-compose (1.29, Compose Specification) loads and checks it
# without an engine (`config -q`). Best effort: without apt it is skipped; the schema check above stays.
if ! command -v docker-compose >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null 2>&1; } \
    || true
fi
if command -v docker-compose >/dev/null 2>&1; then
  docker-compose -f docker-compose.yml config -q
  echo "validate-deploy: compose: docker-compose $(docker-compose version --short) loads it"
else
  echo "validate-deploy: compose: docker-compose could not be installed; only the schema check ran" >&2
fi
node deploy/validate/validate.mjs dashboard deploy/grafana/herald-dashboard.json
node deploy/validate/validate.mjs selftest docker-compose.yml "$rendered/prod.yaml"

if [[ ${1:-} == --images ]]; then
  base="$PWD/target/images/herald-local-jre.tar"
  bash deploy/image/build-local-base.sh "$base"
  services=api-gateway,post-service,media-service,publisher-service,webhook-service,analytics-service
  # The fast-jars of ./mvnw verify are the images' content: no test and no Quarkus build again.
  ./mvnw -B -ntp -q -Dimages -Dherald.image.base="tar://$base" -pl "$services" -am package \
    -DskipTests -Dquarkus.build.skip=true
  for service in ${services//,/ }; do
    image="$service/target/jib-image.tar"
    tar -xOf "$image" manifest.json | grep -q "\"herald/$service:" || { echo "validate-deploy: $image is not herald/$service" >&2; exit 1; }
    echo "validate-deploy: image herald/$service ($(du -h "$image" | cut -f1)) in $image"
  done
  # And they run: the six images as compose configures them, a post published, a file processed (about 1 minute).
  bash deploy/image/smoke-test.sh
fi
