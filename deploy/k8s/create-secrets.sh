#!/usr/bin/env bash
# Creates the secrets Herald's Kubernetes manifests read (docs/operations.md, "Secrets"), with fresh random values,
# in the namespace given (herald-dev for the dev overlay, herald for prod). A secret that exists is left alone:
# rotating one is a deliberate step (docs/operations.md). Needs kubectl (pointed at the cluster) and openssl.
#   deploy/k8s/create-secrets.sh herald-dev
# CloudNativePG creates herald-db-app and keycloak-db-app itself; herald-backup-s3 (prod backups) and
# herald-publisher-apps (the platforms' OAuth apps) hold values only you have: create them by hand.
set -euo pipefail
namespace=${1:?usage: create-secrets.sh <namespace>}
kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"

exists() { kubectl -n "$namespace" get secret "$1" >/dev/null 2>&1; }
create() {
  local name=$1
  shift
  if exists "$name"; then
    echo "secret/$name exists: kept"
  else
    kubectl -n "$namespace" create secret generic "$name" "$@" >/dev/null
    echo "secret/$name created"
  fi
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! exists herald-internal-jwt || ! exists herald-gateway || ! exists herald-service-jwt; then
  if exists herald-internal-jwt || exists herald-gateway || exists herald-service-jwt; then
    echo "herald-internal-jwt, herald-service-jwt and herald-gateway go together: delete the ones left first" >&2
    exit 1
  fi
  # Two RSA key pairs, private keys as PKCS#8 DER in base64 (the PEM body), public keys as X.509: the gateway signs
  # internal JWTs (every service verifies them); post- and publisher-service sign service tokens for media-service's
  # /internal API (media-service verifies them).
  pair() {
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/$1.pem" 2>/dev/null
    grep -v -- '-----' "$work/$1.pem" | tr -d '\n' > "$work/$1.private"
    openssl pkey -in "$work/$1.pem" -pubout | grep -v -- '-----' | tr -d '\n' > "$work/$1.public"
  }
  pair internal-jwt
  pair service-jwt
  create herald-internal-jwt \
    --from-file=HERALD_INTERNAL_JWT_PUBLIC_KEY="$work/internal-jwt.public" \
    --from-file=HERALD_SERVICE_JWT_PUBLIC_KEY="$work/service-jwt.public"
  create herald-service-jwt --from-file=HERALD_SERVICE_JWT_PRIVATE_KEY="$work/service-jwt.private"
  create herald-gateway \
    --from-file=HERALD_GATEWAY_INTERNAL_JWT_PRIVATE_KEY="$work/internal-jwt.private" \
    --from-literal=HERALD_GATEWAY_ADMIN_TOKEN="$(openssl rand -hex 32)"
fi
create herald-media --from-literal=HERALD_MEDIA_SIGNING_KEY="$(openssl rand -base64 32)"
# Key ids: lowercase letters and digits; the date says when the key was made (rotation: docs/operations.md).
key_id="k$(date +%Y%m%d)"
create herald-publisher-credentials \
  --from-literal="HERALD_PUBLISHER_CREDENTIALS_KEYS_${key_id^^}=$(openssl rand -base64 32)" \
  --from-literal=HERALD_PUBLISHER_CREDENTIALS_CURRENT_KEY="$key_id"
create keycloak-admin --from-literal=username=admin --from-literal=password="$(openssl rand -hex 16)"
echo "The operator API token: kubectl -n $namespace get secret herald-gateway -o jsonpath='{.data.HERALD_GATEWAY_ADMIN_TOKEN}' | base64 -d"
