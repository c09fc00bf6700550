#!/usr/bin/env bash
# Installs s3rver (npm), a real S3-compatible HTTP server (it does not verify SigV4 signatures), for media-service's S3 storage
# tests (S3StorageTest, MediaS3Test); they skip where this was not run. Versions pinned in package-lock.json.
# Idempotent: a second run only checks. Needs node and npm (Node 20 works).
set -euo pipefail
cd "$(dirname "$0")"
if [[ ! -f node_modules/s3rver/package.json ]]; then
  npm ci --no-audit --no-fund --ignore-scripts
fi
node -e "import('s3rver').then(() => console.log('s3rver installed (node ' + process.version + ')'))"
