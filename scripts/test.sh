#!/usr/bin/env bash
# Runs every test: installs what the tests need (Azurite from npm; Chromium, redis-server and MariaDB from apt), then the
# whole solution's tests. Tests start their own Azurite, redis-server and run.sh (with its MariaDB) on free ports;
# nothing needs to be running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need dotnet "install the .NET 10 SDK"
ensure_azurite
ensure_chromium
ensure_redis
ensure_mariadb

cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# Build in parallel, then run the test projects one after another: the browser tests, the cluster's node processes and
# the soak each want the machine's cores to themselves, and on two cores they time each other out.
{ dotnet build Dispatch.sln -c Release --nologo -v quiet && dotnet test Dispatch.sln -c Release --no-build --nologo -m:1; } 2>&1 | tee "$log" || status=$?
# One closing line for the whole run, summed over the test projects.
awk '/(Passed|Failed)! +- Failed: /{
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $status
