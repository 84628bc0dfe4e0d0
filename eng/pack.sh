#!/usr/bin/env bash
# Packs the NuGet packages (the SDK, the embedded runtime, ASP.NET Core hosting, Azure Functions hosting, the test kit)
# and the dotnet new templates into artifacts/packages (git-ignored), or into the folder given as the first argument.
# Extra arguments go to dotnet pack (-p:VersionSuffix= for a release version, for instance).
set -euo pipefail
cd "$(dirname "$0")/.."

output="${1:-artifacts/packages}"
shift || true
mkdir -p "$output"
output="$(cd "$output" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1

# Every project marked IsPackable in the solution, and the template package (not in the solution: it has no code).
dotnet pack Serverless.sln -c Release -nologo -v minimal -o "$output" "$@"
dotnet pack templates/MicroStreams.Templates.csproj -c Release -nologo -v minimal -o "$output" "$@"

echo "pack.sh: packages in $output:"
ls -1 "$output" | grep -E '\.nupkg$' | sed 's/^/  /'
