#!/usr/bin/env bash
# Starts the whole system on this machine: Azurite (blob storage), then the web host with its co-hosted Orleans silo,
# the demo data and the live simulator. Ctrl+C stops the app, and Azurite with it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need dotnet "install the .NET 10 SDK"
ensure_azurite

url="${DISPATCH_URL:-http://localhost:5000}"
blob_port="${DISPATCH_BLOB_PORT:-10000}"
signing_key_file="$(ensure_signing_key)"

if (exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null; then
  echo "Port $blob_port is taken: stop what listens there, or set DISPATCH_BLOB_PORT." >&2
  exit 1
fi
node "$azurite_main" --blobHost 127.0.0.1 --blobPort "$blob_port" --location "$data_dir" \
  --skipApiVersionCheck --loose --silent &
azurite_pid=$!
trap 'stop_process $azurite_pid' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$blob_port") 2>/dev/null && break
  sleep 0.1
done

connection="$(azurite_connection "$blob_port")"
echo "Azurite listening on 127.0.0.1:$blob_port (data in $data_dir)"
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
# Ctrl+C or a kill reaches the app even when this script runs without a terminal; Azurite stops on exit.
trap 'stop_process $app_pid' INT TERM
wait $app_pid || true
wait $app_pid 2>/dev/null || true
