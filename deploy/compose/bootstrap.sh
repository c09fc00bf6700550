#!/bin/sh
# One-shot (docker compose): the demo workspace of a one-machine Herald, as `./herald up` makes it (launcher
# module): a workspace in test mode with its first API key (operator API), and a sandbox account. Kept in the
# herald-secrets volume and printed again on every start while the key still works.
set -eu
gateway=${HERALD_GATEWAY:-http://api-gateway:8080}
public_url=${HERALD_PUBLIC_URL:-http://localhost:8080}
state=/run/herald/demo.env
admin_token=$(sed -n 's/^herald\.gateway\.admin-token=//p' /run/herald/gateway.properties)

field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

if [ -s "$state" ]; then
  . "$state"
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $HERALD_API_KEY" "$gateway/v1/me")" != 200 ]; then
    echo "herald-bootstrap: the saved demo key no longer works; creating a new demo workspace"
    rm -f "$state"
  fi
fi
if [ ! -s "$state" ]; then
  workspace=$(curl -sf -X POST "$gateway/admin/v1/workspaces" -H "Authorization: Bearer $admin_token" \
    -H 'Content-Type: application/json' -d '{"name":"Demo workspace","key_mode":"test"}')
  HERALD_WORKSPACE_ID=$(echo "$workspace" | field workspace_id)
  HERALD_API_KEY=$(echo "$workspace" | field secret)
  account=$(curl -sf -X POST "$gateway/v1/accounts/connect/sandbox" -H "Authorization: Bearer $HERALD_API_KEY" \
    -H 'Content-Type: application/json' -d '{"handle":"demo"}')
  HERALD_SANDBOX_ACCOUNT_ID=$(echo "$account" | field id)
  # The post-service learns of the account through Kafka: wait (60 s at most) until it would accept a post for it.
  tries=0
  until curl -sf -X POST "$gateway/v1/posts/validate" -H "Authorization: Bearer $HERALD_API_KEY" \
      -H 'Content-Type: application/json' \
      -d "{\"caption\":\"probe\",\"account_ids\":[\"$HERALD_SANDBOX_ACCOUNT_ID\"]}" | grep -q '"valid":true'; do
    tries=$((tries + 1))
    [ "$tries" -lt 60 ] || { echo "herald-bootstrap: the sandbox account did not reach the post-service" >&2; exit 1; }
    sleep 1
  done
  printf 'HERALD_URL=%s\nHERALD_API_KEY=%s\nHERALD_SANDBOX_ACCOUNT_ID=%s\nHERALD_WORKSPACE_ID=%s\n' \
    "$public_url" "$HERALD_API_KEY" "$HERALD_SANDBOX_ACCOUNT_ID" "$HERALD_WORKSPACE_ID" > "$state"
fi
. "$state"
cat <<BANNER

Herald is up.
  Gateway:          $public_url
  Test API key:     $HERALD_API_KEY
  Sandbox account:  $HERALD_SANDBOX_ACCOUNT_ID
  Workspace:        $HERALD_WORKSPACE_ID

Schedule a post:
  curl -s -X POST $public_url/v1/posts -H 'Authorization: Bearer $HERALD_API_KEY' -H 'Content-Type: application/json' \\
    -d '{"caption":"Hello from Herald","account_ids":["$HERALD_SANDBOX_ACCOUNT_ID"]}'

Print this again: docker compose logs herald-bootstrap
BANNER
