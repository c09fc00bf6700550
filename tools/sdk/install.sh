#!/usr/bin/env bash
# Installs the Node.js tools of the SDK checks: the TypeScript SDK's build tools (openapi-typescript, TypeScript,
# openapi-fetch) into sdk/typescript/node_modules for TypeScriptSdkIT, and the AsyncAPI parser into
# tools/sdk/node_modules for AsyncApiIT. Versions pinned in each package-lock.json. Those tests skip where this was
# not run. Idempotent: a second run only checks. Needs node (20+) and npm. About 20 seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
for dir in "$root/sdk/typescript" "$root/tools/sdk"; do
  if ! (cd "$dir" && npm ls --depth=0 >/dev/null 2>&1); then
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts)
  fi
done
(cd "$root/tools/sdk" && node -e "import('@asyncapi/parser').then(() => console.log('AsyncAPI parser installed'))")
(cd "$root/sdk/typescript" && node -e "import('openapi-fetch').then(() => console.log('TypeScript SDK tools installed (node ' + process.version + ')'))")
