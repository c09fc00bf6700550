#!/usr/bin/env bash
# Scripted check of the README's first command: ./herald up -d, source .herald/env, run the printed curl, see the
# post published, ./herald down, and no process left behind.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$(pwd)"

cleanup() { ./herald down >/dev/null 2>&1 || true; }
trap cleanup EXIT

./herald up -d
# shellcheck disable=SC1091
source .herald/env
[[ -n "$HERALD_URL" && -n "$HERALD_API_KEY" && -n "$HERALD_SANDBOX_ACCOUNT_ID" ]] || { echo "env incomplete"; exit 1; }

# The exact command the banner printed.
grep -F "$(sed -n 2p .herald/curl.sh)" .herald/banner.txt >/dev/null || { echo "curl.sh is not the printed curl"; exit 1; }
created="$(sh .herald/curl.sh)"
echo "created: $created"
post_id="$(printf '%s' "$created" | sed -n 's/.*"id":"\(post_[^"]*\)".*/\1/p')"
[[ -n "$post_id" ]] || { echo "no post id in the answer"; exit 1; }

status=""
for _ in $(seq 1 60); do
  answer="$(curl -s "$HERALD_URL/v1/posts/$post_id" -H "Authorization: Bearer $HERALD_API_KEY")"
  status="$(printf '%s' "$answer" | sed -n 's/^{[^{]*"status":"\([a-z_]*\)".*/\1/p')"
  [[ "$status" == "published" ]] && break
  sleep 1
done
echo "post $post_id: $status"
[[ "$status" == "published" ]] || { echo "not published: $answer"; exit 1; }

./herald status
./herald down
trap - EXIT
sleep 1
left="$(pgrep -af "$ROOT/[a-z-]*/target/quarkus-app/quarkus-run.jar|herald-launcher.jar|$ROOT/.herald/data/postgres" || true)"
if [[ -n "$left" ]]; then
  echo "processes left behind:"; echo "$left"; exit 1
fi
echo "herald up check: 1 passed, 0 failed"
