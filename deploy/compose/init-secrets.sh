#!/bin/sh
# One-shot (docker compose): the secrets of a one-machine Herald, generated on the first start and kept in the
# herald-secrets volume. Each service reads only its own file through QUARKUS_CONFIG_LOCATIONS:
#   services.properties   the public keys of the gateway's internal JWTs and of service tokens (every service)
#   gateway.properties    the internal JWT private key and the operator API token (api-gateway, bootstrap)
#   caller.properties     the service token private key (post- and publisher-service call media-service's /internal)
#   media.properties      the URL signing key (the same one for every media-service replica)
#   publisher.properties  the key ring encrypting connected accounts' tokens (docs/decisions/0005)
# Files belong to uid 10001, the user of Herald's images; no secret is printed. It also hands the media volume to
# that user.
set -eu
dir=/run/herald
# The media volume starts out owned by root; media-service runs as 10001.
if [ -d /var/lib/herald/media ]; then
  chown 10001:10001 /var/lib/herald/media
fi
if [ -s "$dir/gateway.properties" ]; then
  echo "herald-secrets: kept from an earlier start"
  exit 0
fi
umask 077
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /tmp/internal-jwt.pem 2>/dev/null
# PKCS#8 DER in base64 (the PEM body), as herald.gateway.internal-jwt.private-key expects; X.509 for the public key.
private_key=$(grep -v -- '-----' /tmp/internal-jwt.pem | tr -d '\n')
public_key=$(openssl pkey -in /tmp/internal-jwt.pem -pubout | grep -v -- '-----' | tr -d '\n')
rm -f /tmp/internal-jwt.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out /tmp/service-jwt.pem 2>/dev/null
service_private_key=$(grep -v -- '-----' /tmp/service-jwt.pem | tr -d '\n')
service_public_key=$(openssl pkey -in /tmp/service-jwt.pem -pubout | grep -v -- '-----' | tr -d '\n')
rm -f /tmp/service-jwt.pem
{
  echo "herald.internal-jwt.public-key=$public_key"
  echo "herald.service-jwt.public-key=$service_public_key"
} > "$dir/services.properties"
echo "herald.service-jwt.private-key=$service_private_key" > "$dir/caller.properties"
{
  echo "herald.gateway.internal-jwt.private-key=$private_key"
  echo "herald.gateway.admin-token=$(openssl rand -hex 32)"
} > "$dir/gateway.properties.new"
echo "herald.media.signing-key=$(openssl rand -base64 32)" > "$dir/media.properties"
{
  echo "herald.publisher.credentials.keys.compose1=$(openssl rand -base64 32)"
  echo "herald.publisher.credentials.current-key=compose1"
} > "$dir/publisher.properties"
# gateway.properties last: its presence means the set is complete.
mv "$dir/gateway.properties.new" "$dir/gateway.properties"
chown 10001:0 "$dir"/*.properties
chmod 0400 "$dir"/*.properties
# The directory too: herald-bootstrap (same uid) saves the demo workspace beside them.
chown 10001:0 "$dir"
chmod 0700 "$dir"
echo "herald-secrets: generated"
