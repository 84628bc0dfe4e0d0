#!/usr/bin/env bash
# Installs what the HTTP tests need beyond the .NET SDK: Debian's Chromium for the Playwright dashboard test, and the
# npm clients (CloudEvents SDK, Segment analytics-node, autocannon) and Azurite from tests/clients/package-lock.json.
# Idempotent: safe to run before every CI run.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "install-test-deps: installing Debian chromium"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
else
  echo "install-test-deps: /usr/bin/chromium present"
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "install-test-deps: npm is required (apt-get install -y nodejs npm)" >&2
  exit 1
fi

echo "install-test-deps: npm ci --prefix tests/clients"
npm ci --prefix tests/clients --no-audit --no-fund
