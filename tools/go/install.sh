#!/usr/bin/env bash
# Installs a Go toolchain (Debian's golang-go) so WebhookSignatureDocTest runs the Go verification snippet of
# docs/webhooks.md; without go that one case skips. Best effort: needs apt-get and root (or sudo without a password).
# Idempotent: a second run only checks.
set -euo pipefail
if ! command -v go >/dev/null 2>&1; then
  as_root=""
  [[ $(id -u) -eq 0 ]] || as_root="sudo -n"
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go
fi
go version
