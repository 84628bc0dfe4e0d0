#!/usr/bin/env bash
# Starts Azurite (npm `azurite`, installed into tests/clients by eng/install-test-deps.sh) on 127.0.0.1 with ports the
# OS chooses (other test runs may share the machine) and a fresh random account key, in memory. Once Blob, Queue and
# Table listen it prints one line, "<pid> <connection string>", and returns; the caller stops it with `kill <pid>`.
# With `--owner <pid>` it is also stopped once that process is gone (a test host that exits without cleaning up).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
azurite="$root/tests/clients/node_modules/.bin/azurite"
if [ ! -x "$azurite" ]; then
  echo "start-azurite: $azurite missing (run eng/install-test-deps.sh)" >&2
  exit 1
fi

log="$(mktemp -t azurite.XXXXXX.log)"
account=microstreams
key="$(head -c 32 /dev/urandom | base64 -w0)"
AZURITE_ACCOUNTS="$account:$key" setsid "$azurite" --disableTelemetry --inMemoryPersistence --skipApiVersionCheck \
  --blobHost 127.0.0.1 --blobPort 0 --queueHost 127.0.0.1 --queuePort 0 --tableHost 127.0.0.1 --tablePort 0 \
  >"$log" 2>&1 </dev/null &
pid=$!
if [ "${1:-}" = "--owner" ] && [ -n "${2:-}" ]; then
  owner="$2"
  setsid bash -c "while kill -0 $owner 2>/dev/null && kill -0 $pid 2>/dev/null; do sleep 1; done; kill $pid 2>/dev/null" \
    >/dev/null 2>&1 </dev/null &
fi

port() { sed -n "s#^Azurite $1 service is successfully listening at http://127.0.0.1:\([0-9]*\)\$#\1#p" "$log"; }
for _ in $(seq 1 240); do
  if [ -n "$(port Blob)" ] && [ -n "$(port Queue)" ] && [ -n "$(port Table)" ]; then
    endpoint() { echo "http://127.0.0.1:$(port "$1")/$account"; }
    echo "$pid DefaultEndpointsProtocol=http;AccountName=$account;AccountKey=$key;BlobEndpoint=$(endpoint Blob);QueueEndpoint=$(endpoint Queue);TableEndpoint=$(endpoint Table);"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "start-azurite: azurite exited:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.25
done
echo "start-azurite: azurite did not listen within 60 s:" >&2
cat "$log" >&2
kill "$pid" 2>/dev/null || true
exit 1
