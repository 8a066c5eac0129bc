#!/usr/bin/env bash
# Starts the whole system on this machine: the local store (MariaDB and Azurite, see start_store in lib.sh), then the
# web host with its co-hosted Orleans silo, the demo data and the live simulator. Ctrl+C stops the app, then the store.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need dotnet "install the .NET 10 SDK"
ensure_azurite
ensure_mariadb

url="${DISPATCH_URL:-http://localhost:5000}"
blob_port="${DISPATCH_BLOB_PORT:-10000}"
db_port="${DISPATCH_DB_PORT:-10306}"
signing_key_file="$(ensure_signing_key)"

app_pid=""
stop_all() {
  if [ -n "$app_pid" ]; then stop_process "$app_pid" "Dispatch"; fi
  stop_store
}
trap stop_all EXIT
start_store "$blob_port" "$db_port"

connection="$(azurite_connection "$blob_port")"
echo "Building Dispatch ..."
dotnet build "$root/src/Dispatch.Web" -c Release --nologo -v quiet
echo "Dispatch is starting at $url  (API: $url/openapi/v1.json, health: $url/health; Ctrl+C stops)"
echo "Demo users (password Dispatch!2026): admin, dispatcher, leader, head-<station>, worker-w001 …"
# The key goes in the environment, not the command line, where every local user could read it.
# The app runs as Production, which refuses Azurite's public key and the demo users unless this demo machine says so.
# The built app itself, not `dotnet run`: a signal sent to this script must reach the app, and `dotnet run` does not
# pass it on to its child. The project folder is the content root, as under `dotnet run`.
(cd "$root/src/Dispatch.Web" && Dispatch__Auth__SigningKey="$(cat "$signing_key_file")" \
exec dotnet bin/Release/net10.0/Dispatch.Web.dll \
  --urls "$url" \
  --Dispatch:Storage:ConnectionString="$connection" \
  --Dispatch:Simulator:Enabled="${DISPATCH_SIMULATOR:-true}" \
  --Dispatch:Auth:DemoUsers=true \
  --Dispatch:AllowDevelopmentSecrets=true) &
app_pid=$!
# Ctrl+C or a kill of this script stops the app, then the store (the app writes to it until it has stopped).
trap 'stop_all; trap - EXIT; exit 0' INT TERM
# An app that stops by itself (e.g. refusing a setting at start) makes the script fail with its status.
status=0
wait $app_pid || status=$?
exit $status
