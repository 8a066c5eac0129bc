#!/usr/bin/env bash
# Starts only the local store, as run.sh starts it (MariaDB, and Azurite with its metadata there), until Ctrl+C: for
# benchmarks and tools that need the store without the app. Prints the connection string to reach it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_azurite
ensure_mariadb

blob_port="${DISPATCH_BLOB_PORT:-10000}"
db_port="${DISPATCH_DB_PORT:-10306}"
trap stop_store EXIT
start_store "$blob_port" "$db_port"
echo "Connection string: $(azurite_connection "$blob_port")"
echo "Ctrl+C stops it."
sleep infinity &
# Ctrl+C or a kill of this script ends the wait; stop_store runs on exit.
trap 'kill $! 2>/dev/null; exit 0' INT TERM
wait $!
