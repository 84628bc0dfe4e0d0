#!/usr/bin/env bash
# The one test command (README, CI): installs what the tests need beyond the .NET SDK, then runs every test project
# in the solution. The Functions app builds against the real Azure packages (its one stand-in, the Event Hubs trigger
# attribute, is described in functions/MicroStreams.Functions/README.md; the app is functions/MicroStreams.FunctionsApp).
set -euo pipefail
cd "$(dirname "$0")/.."

bash eng/install-test-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1

# One Azurite for the storage tests (their tables and containers have per-test names), stopped when this script exits.
read -r azurite_pid MICROSTREAMS_AZURITE < <(bash eng/start-azurite.sh)
[ -n "${MICROSTREAMS_AZURITE:-}" ] || { echo "test.sh: Azurite did not start" >&2; exit 1; }
export MICROSTREAMS_AZURITE
trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT

results="$(mktemp -d)"
status=0
dotnet build Serverless.sln -c Release -nologo -v minimal || exit 1
dotnet test Serverless.sln -c Release --no-build -nologo --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line that any reader understands, summed over every test project's TRX report.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
if passed == 0:
    sys.exit(1)
PY

# The user journey from packages and templates (eng/user-journey.sh): its own step with its own verdict, after the
# tests' line. MICROSTREAMS_SKIP_JOURNEY=1 leaves it out (a quick local run).
if [ "${MICROSTREAMS_SKIP_JOURNEY:-}" = 1 ]; then
    echo "user journey: skipped (MICROSTREAMS_SKIP_JOURNEY=1)"
elif bash eng/user-journey.sh; then
    echo "user journey: passed"
else
    echo "user journey: FAILED (see the steps above)"
    status=1
fi
exit $status
