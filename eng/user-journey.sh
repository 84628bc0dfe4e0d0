#!/usr/bin/env bash
# The user journey, as a new user would take it, from this checkout: pack the packages and templates into a local
# folder feed, install the templates, create an app from each, add a processor of one's own (CartReminder: one hour
# after cart_updated with no checkout_completed, one reminder), build, run its tests on MicroStreams.Testing, start the
# embedded app, post a CloudEvent over HTTP with the function key, advance the simulated clock and see the reminder
# delivered to a webhook; the Azure app builds and its tests pass. Everything happens in a temporary folder (kept with
# --keep); the machine's template list is untouched (a private DOTNET_CLI_HOME). Prints one PASSED/FAILED line per step.
set -uo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
keep=false
[ "${1:-}" = "--keep" ] && keep=true

work="$(mktemp -d -t microstreams-journey.XXXXXX)"
feed="$work/feed"
app_pid=""
receiver_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null
    [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null
    if $keep; then echo "user-journey: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

failures=0
step() {  # step "name" command...: runs it, logs to $work/logs, reports one line
    local name="$1"; shift
    local log="$work/logs/$(echo "$name" | tr -c 'a-zA-Z0-9' '-').log"
    mkdir -p "$work/logs"
    if "$@" >"$log" 2>&1; then
        echo "user-journey: PASSED  $name"
        return 0
    fi
    echo "user-journey: FAILED  $name (last lines of $log:)"
    tail -n 25 "$log" | sed 's/^/    /'
    failures=$((failures + 1))
    return 1
}
finish() {
    if [ "$failures" -eq 0 ]; then echo "user-journey: all steps passed"; exit 0; fi
    echo "user-journey: $failures step(s) failed"; exit 1
}

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# A version of its own, so the global package cache never serves an older build of the same version.
version_suffix="journey.$(date -u +%Y%m%d%H%M%S)"
# The machine's package sources and cache, read before DOTNET_CLI_HOME moves the CLI's home folder.
mapfile -t sources < <(dotnet nuget list source --format short | awk '$1 ~ /^E/ {print $2}')
global_packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')"
export NUGET_PACKAGES="$global_packages"
export DOTNET_CLI_HOME="$work/home"

write_nuget_config() {
    {
        echo '<?xml version="1.0" encoding="utf-8"?>'
        echo '<configuration>'
        echo '  <packageSources>'
        echo '    <clear />'
        echo "    <add key=\"local\" value=\"$feed\" />"
        local i=0
        for source in "${sources[@]}"; do echo "    <add key=\"machine$i\" value=\"$source\" />"; i=$((i + 1)); done
        echo '  </packageSources>'
        echo '</configuration>'
    } >"$work/nuget.config"
}

step "pack the packages and templates into a folder feed" bash eng/pack.sh "$feed" -p:VersionSuffix="$version_suffix" || finish
version="0.1.0-$version_suffix"
write_nuget_config
step "install the templates" dotnet new install "$feed/MicroStreams.Templates.$version.nupkg" || finish

# --- The embedded app -------------------------------------------------------------------------------------------------
shop="$work/CartShop"
add_cart_reminder() {  # add_cart_reminder <app project dir> <tests dir>
    cp "$repo/eng/journey/CartReminder.cs" "$1/Processors/CartReminder.cs"
    cp "$repo/eng/journey/CartReminderTests.cs" "$2/CartReminderTests.cs"
    grep -q '\.AddProcessor<WelcomeMessage>()' "$1/Program.cs" || { echo "Program.cs registers no WelcomeMessage to add beside"; return 1; }
    sed -i 's/\.AddProcessor<WelcomeMessage>()/.AddProcessor<WelcomeMessage>()\n    .AddProcessor<CartReminder>()/' "$1/Program.cs"
}
step "create an app: dotnet new microstreams -n CartShop" dotnet new microstreams -n CartShop -o "$shop" || finish
step "add a processor of one's own (CartReminder) and its tests" add_cart_reminder "$shop/src/CartShop" "$shop/tests/CartShop.Tests" || finish
cp "$work/nuget.config" "$shop/nuget.config"
step "build it" dotnet build "$shop/CartShop.slnx" -c Release || finish
step "run its tests on MicroStreams.Testing" dotnet test "$shop/CartShop.slnx" -c Release --no-build || true

run_embedded() {
    local received="$work/received.jsonl" out="$work/logs/app.out"
    : >"$received"
    python3 "$repo/eng/journey/receiver.py" "$received" >"$work/receiver.port" &
    receiver_pid=$!
    for _ in $(seq 50); do [ -s "$work/receiver.port" ] && break; sleep 0.1; done
    local receiver_port; receiver_port="$(head -n1 "$work/receiver.port")"

    local function_key="journey-function-key" admin_key="journey-admin-key"
    (cd "$shop/src/CartShop" && \
        MicroStreams__Http__FunctionKey="$function_key" MicroStreams__Http__AdminKey="$admin_key" \
        MicroStreams__DataPath="$work/data" SimulatedClock=true \
        Reminders__WebhookUrl="http://127.0.0.1:$receiver_port/reminders" \
        exec dotnet bin/Release/net10.0/CartShop.dll --urls http://127.0.0.1:0 >"$out" 2>&1) &
    app_pid=$!
    local base=""
    for _ in $(seq 300); do
        base="$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$out" | head -n1 | sed 's/Now listening on: //')"
        [ -n "$base" ] && break
        kill -0 "$app_pid" 2>/dev/null || { echo "the app exited:"; cat "$out"; return 1; }
        sleep 0.2
    done
    [ -n "$base" ] || { echo "the app did not listen within 60 s:"; cat "$out"; return 1; }
    echo "app at $base, webhook receiver on port $receiver_port"

    local event='{"specversion":"1.0","id":"cart-1","source":"https://shop.example","type":"cart_updated","subject":"user-1","data":{"email":"ada@example.com","items":2}}'
    local status
    status="$(curl -s -o "$work/logs/ingest.json" -w '%{http_code}' -X POST "$base/api/events" \
        -H "x-functions-key: $function_key" -H 'content-type: application/cloudevents+json' -d "$event")"
    echo "POST /api/events: $status $(cat "$work/logs/ingest.json")"
    [ "$status" = 202 ] || [ "$status" = 200 ] || return 1
    status="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$base/api/events" -H 'content-type: application/cloudevents+json' -d "$event")"
    echo "POST /api/events without a key: $status"
    [ "$status" = 401 ] || return 1

    # Let the event apply before the clock moves, then move it past the hour (twice: the reminder goes once).
    for _ in $(seq 100); do
        curl -s -H "x-functions-key: $function_key" "$base/api/processors/cart_reminder/workers/user-1" | grep -q '"remind"' && break
        sleep 0.2
    done
    for by in PT61M P1D; do
        status="$(curl -s -o "$work/logs/clock.json" -w '%{http_code}' -X POST "$base/api/admin/clock/advance?by=$by" -H "x-functions-key: $admin_key")"
        echo "POST /api/admin/clock/advance?by=$by: $status $(cat "$work/logs/clock.json")"
        [ "$status" = 200 ] || return 1
    done
    for _ in $(seq 150); do grep -q 'cart-reminder' "$received" && break; sleep 0.2; done
    sleep 2
    echo "webhook received:"; cat "$received"
    [ "$(grep -c 'cart-reminder' "$received")" = 1 ] || { echo "expected exactly one reminder"; return 1; }
    grep 'cart-reminder' "$received" | grep -q '"key": "[^"]' || { echo "the reminder came without an Idempotency-Key"; return 1; }
    grep 'cart-reminder' "$received" | grep -q 'ada@example.com' || return 1
}
step "start it, post a CloudEvent, advance the simulated clock, see the reminder delivered once" run_embedded
[ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null; app_pid=""

# --- The Azure app ----------------------------------------------------------------------------------------------------
azure="$work/CartShopAzure"
step "create an Azure app: dotnet new microstreams-azure -n CartShop" dotnet new microstreams-azure -n CartShop -o "$azure" || finish
check_azd_layout() {
    for path in azure.yaml host.json local.settings.sample.json infra/main.bicep functions/CartShop/CartShop.csproj tests/CartShop.Tests/CartShop.Tests.csproj; do
        [ -e "$azure/$path" ] || { echo "missing $path"; return 1; }
    done
    grep -q 'project: ./functions/CartShop$' "$azure/azure.yaml" || { echo "azure.yaml does not deploy functions/CartShop"; return 1; }
    cmp "$repo/host.json" "$azure/host.json" && diff -r "$repo/infra" "$azure/infra"
}
step "the Azure app is azd-ready (azure.yaml, infra/ and host.json as in the repository)" check_azd_layout
step "add the same processor to the Azure app" add_cart_reminder "$azure/functions/CartShop" "$azure/tests/CartShop.Tests"
cp "$work/nuget.config" "$azure/nuget.config"
indexed_functions() {  # the Worker SDK found the package's function classes in the referenced assembly
    local metadata="$azure/functions/CartShop/bin/Release/net10.0/functions.metadata"
    python3 - "$metadata" <<'PY'
import json, sys
names = sorted(f["name"] for f in json.load(open(sys.argv[1])))
print(len(names), "functions:", ", ".join(names))
sys.exit(0 if "ProcessorEntity" in names and len(names) >= 10 else 1)
PY
}
if step "build the Azure app" dotnet build "$azure/CartShop.slnx" -c Release; then
    step "the Azure app's functions.metadata lists the package's functions" indexed_functions
    step "run the Azure app's tests" dotnet test "$azure/CartShop.slnx" -c Release --no-build
fi
finish
