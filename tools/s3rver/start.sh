#!/usr/bin/env bash
# Starts the s3rver installed by install.sh (see start.mjs): start.sh [out.json] [bucket].
set -euo pipefail
cd "$(dirname "$0")"
exec node start.mjs "$@"
