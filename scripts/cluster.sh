#!/usr/bin/env bash
# Starts a 3-node Dispatch cluster on this machine: the local store (MariaDB and Azurite, the blob storage all nodes
# share; see start_store in lib.sh), redis-server (the
# Orleans membership table through which the silos find each other), then three web + silo hosts on
# http://localhost:5001, 5002 and 5003. Node 1 loads the demo data and runs the simulator. Ctrl+C stops everything.
# Running on several machines: see "Cluster mode" in the README.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need dotnet "install the .NET 10 SDK"
ensure_azurite
ensure_mariadb
ensure_redis

blob_port="${DISPATCH_BLOB_PORT:-10000}"
db_port="${DISPATCH_DB_PORT:-10306}"
redis_port="${DISPATCH_REDIS_PORT:-6379}"
signing_key_file="$(ensure_signing_key)"
for port in "$redis_port" 5001 5002 5003 11111 11112 11113 30001 30002 30003; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is taken: stop what listens there (or set DISPATCH_REDIS_PORT)." >&2
    exit 1
  fi
done

# The nodes stop first, together (each leaves the cluster, which needs Redis and storage still up), then Redis and the
# store.
redis_pid=""
nodes=()
stop_all() {
  for pid in "${nodes[@]}"; do kill "$pid" 2>/dev/null || true; done
  for n in "${!nodes[@]}"; do stop_process "${nodes[$n]}" "Node $((n + 1))"; done
  if [ -n "$redis_pid" ]; then stop_process "$redis_pid" "redis-server"; fi
  stop_store
}
trap stop_all EXIT

start_store "$blob_port" "$db_port"
# In a session of its own, so Ctrl+C in the terminal reaches it only through stop_all, after the nodes. The membership
# table only says who is in the cluster now: kept in memory, a restarted cluster forms afresh.
setsid /usr/bin/redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --loglevel warning &
redis_pid=$!
wait_for_port "$redis_port"
echo "redis-server on 127.0.0.1:$redis_port"

echo "Building Dispatch ..."
dotnet build "$root/src/Dispatch.Web" -c Release --nologo -v quiet
connection="$(azurite_connection "$blob_port")"
for n in 1 2 3; do
  first=$([ "$n" = 1 ] && echo true || echo false)
  # Settings every node shares (storage, cluster, signing key) and its own (ports); the key goes in the environment.
  (cd "$root/src/Dispatch.Web" && Dispatch__Auth__SigningKey="$(cat "$signing_key_file")" \
  exec dotnet bin/Release/net10.0/Dispatch.Web.dll \
    --urls "http://localhost:500$n" \
    --Dispatch:Storage:ConnectionString="$connection" \
    --Dispatch:Orleans:Clustering=Redis \
    --Dispatch:Orleans:Redis="127.0.0.1:$redis_port" \
    --Dispatch:Orleans:ClusterId=dispatch-local \
    --Dispatch:Orleans:SiloPort="1111$n" \
    --Dispatch:Orleans:GatewayPort="3000$n" \
    --Dispatch:Orleans:AdvertisedAddress=127.0.0.1 \
    --Dispatch:DemoData:Enabled="$first" \
    --Dispatch:Simulator:Enabled="$([ "$first" = true ] && echo "${DISPATCH_SIMULATOR:-true}" || echo false)" \
    --Dispatch:Auth:DemoUsers=true \
    --Dispatch:AllowDevelopmentSecrets=true) &
  nodes+=($!)
done
echo "Dispatch cluster starting: http://localhost:5001  http://localhost:5002  http://localhost:5003  (Ctrl+C stops all)"
echo "Demo users (password Dispatch!2026): admin, dispatcher, leader, head-<station>, worker-w001 …"
trap 'stop_all; trap - EXIT; exit 0' INT TERM
# Killing one node (to watch the others take over its grains) leaves the rest serving until Ctrl+C.
wait "${nodes[@]}" || true
