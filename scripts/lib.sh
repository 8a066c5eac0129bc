# Shared by run.sh and test.sh: installs what Dispatch needs from the registries this machine reaches.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
azurite_dir="$root/tools/azurite"
azurite_main="$azurite_dir/node_modules/azurite/dist/src/blob/main.js"
# Where the local store (Azurite's data and the signing key) lives: .azurite/ in this checkout unless DISPATCH_DATA says
# otherwise (the tests that start the system as the README does give each run its own).
data_dir="${DISPATCH_DATA:-$root/.azurite}"

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "Dispatch needs '$1' on PATH: $2" >&2; exit 1; }
}

# Azurite (the Azure Storage emulator) from npm, into tools/azurite/node_modules (gitignored), pinned by its lock file.
ensure_azurite() {
  need node "install Node.js 20 or later (apt-get install nodejs npm)"
  need npm "install npm (apt-get install npm)"
  if [ ! -f "$azurite_main" ]; then
    echo "Installing Azurite into tools/azurite ..."
    (cd "$azurite_dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# API tokens are signed with a key kept with this checkout's local data (git-ignored), made once, so they outlive a
# restart; every node of a local cluster uses the same one. Prints the key file's path.
ensure_signing_key() {
  local file="$data_dir/dispatch-signing-key"
  mkdir -p "$data_dir"
  if [ ! -s "$file" ]; then
    (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n' > "$file")
  fi
  echo "$file"
}

# The connection string of the local Azurite on port $1: its published development account, which the app accepts only
# with Dispatch:AllowDevelopmentSecrets=true.
azurite_connection() {
  echo "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$1/devstoreaccount1;"
}

# Asks a process to stop (SIGTERM) and waits as long as it takes: a store killed while it saves loses what it had
# acknowledged, so there is no kill -9 here. Says every five seconds what it is waiting for.
stop_process() {
  local pid=$1 name=${2:-"process $1"} waited=0
  kill "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    waited=$((waited + 1))
    if [ $((waited % 5)) -eq 0 ]; then
      echo "$name is still stopping ($waited s) ..." >&2
    fi
  done
}

# Debian's Chromium for the end-to-end tests (Playwright drives it; it never downloads a browser of its own), and a CJK
# font so the screenshots show Chinese rather than boxes.
ensure_chromium() {
  if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi "WenQuanYi"; then
    return 0
  fi
  echo "Installing Chromium and a Chinese font (apt) for the browser tests ..."
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
}

# Debian's redis-server: the membership table of cluster mode (scripts/cluster.sh) and of the cluster tests, which start
# their own on a free port. Nothing needs to be running.
ensure_redis() {
  if [ -x /usr/bin/redis-server ]; then
    return 0
  fi
  echo "Installing redis-server (apt) for cluster mode and its tests ..."
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
}

# Debian's MariaDB: Azurite keeps its blob metadata there (see start_store). Only the binaries: the scripts start and
# stop their own server on their own data, no system service.
ensure_mariadb() {
  if [ -x /usr/sbin/mariadbd ] && [ -x /usr/bin/mariadb-install-db ] && [ -x /usr/bin/mariadb ]; then
    return 0
  fi
  echo "Installing MariaDB (apt) for the local store's metadata ..."
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # The server and client binaries without mariadb-server's system service.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq mariadb-server-core mariadb-client-core >/dev/null
}

# Waits up to $2 seconds (default ten) for something to listen on 127.0.0.1:$1; gives up early when process $3 ends.
wait_for_port() {
  local port=$1 seconds=${2:-10} pid=${3:-}
  for _ in $(seq 1 $((seconds * 10))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "Nothing listens on port $port." >&2
  return 1
}

# The local store, everything under $data_dir: MariaDB (mariadb/, its socket and log beside it) holds Azurite's blob
# metadata, Azurite (__blobstorage__/) the contents. Azurite flushes a blob's content to its extent file and commits its
# metadata in one MariaDB transaction before it answers, so whatever it acknowledged survives a kill of every process.
# Its default metadata store (LokiJS) saves to disk only every five seconds. Both run in a session of their own, so
# Ctrl+C in the terminal reaches them only through stop_store, after the app has stopped. Sets store_pids.
store_pids=()
store_names=()
start_store() {
  local blob_port=$1 db_port=$2
  for port in "$blob_port" "$db_port"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is taken: stop what listens there, or set DISPATCH_BLOB_PORT / DISPATCH_DB_PORT." >&2
      exit 1
    fi
  done
  mkdir -p "$data_dir"
  # An older checkout kept Azurite's metadata in LokiJS files: set them aside before this Azurite writes its own
  # extents. The metadata file moves last, so an interrupted move is finished by the next start.
  local old_store="$data_dir/lokijs-being-copied"
  if [ -f "$data_dir/__azurite_db_blob__.json" ]; then
    mkdir -p "$old_store"
    for name in __azurite_db_blob_extent__.json __blobstorage__ __azurite_db_blob__.json; do
      if [ -e "$data_dir/$name" ]; then mv "$data_dir/$name" "$old_store/"; fi
    done
  fi
  start_mariadb "$db_port"
  AZURITE_DB="mysql://azurite:azurite@127.0.0.1:$db_port/azurite_blob" start_azurite "$blob_port" "$data_dir" Azurite
  echo "Azurite on 127.0.0.1:$blob_port, its metadata in MariaDB on 127.0.0.1:$db_port (data in $data_dir)"
  if [ -d "$old_store" ]; then
    copy_old_store "$old_store" "$blob_port"
  fi
}

# Stops what start_store started, newest first (Azurite before the database it writes to), each as long as it takes.
stop_store() {
  for ((i = ${#store_pids[@]} - 1; i >= 0; i--)); do
    stop_process "${store_pids[$i]}" "${store_names[$i]}"
  done
  store_pids=()
  store_names=()
}

# MariaDB on its own data directory, initialised on first use. innodb_flush_log_at_trx_commit=1 (the default, stated
# because the promise rests on it) writes and syncs the redo log at every commit: a commit survives a kill of the
# process, and a power cut as far as the disk honours fsync. SERIALIZABLE makes Azurite's read-check-write of a blob
# (If-Match, If-None-Match) atomic against a concurrent one: the loser of a race is refused, never silently overwritten.
start_mariadb() {
  local port=$1 db="$data_dir/mariadb" user
  user="$(id -un)"
  local options=(--no-defaults --datadir="$db" --user="$user" --socket="$data_dir/mariadb.sock")
  if [ ! -d "$db/mysql" ]; then
    echo "Creating the MariaDB data directory in $db ..."
    mariadb-install-db "${options[@]}" --auth-root-authentication-method=socket --auth-root-socket-user="$user" \
      --skip-test-db >"$data_dir/mariadb-install.log" 2>&1 \
      || { cat "$data_dir/mariadb-install.log" >&2; exit 1; }
  fi
  setsid /usr/sbin/mariadbd "${options[@]}" --port="$port" --bind-address=127.0.0.1 --skip-name-resolve \
    --pid-file="$data_dir/mariadb.pid" --log-error="$data_dir/mariadb.log" \
    --innodb-flush-log-at-trx-commit=1 --transaction-isolation=SERIALIZABLE &
  store_pids+=($!)
  store_names+=(MariaDB)
  wait_for_port "$port" 120 $! || { tail -n 20 "$data_dir/mariadb.log" >&2; exit 1; }
  mariadb --no-defaults --socket="$data_dir/mariadb.sock" -u "$user" <<'SQL'
CREATE DATABASE IF NOT EXISTS azurite_blob CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
CREATE USER IF NOT EXISTS 'azurite'@'127.0.0.1' IDENTIFIED BY 'azurite';
GRANT ALL ON azurite_blob.* TO 'azurite'@'127.0.0.1';
SQL
}

# Azurite's blob service on port $1 with its data in $2, named $3 in messages. With AZURITE_DB in its environment its
# metadata goes to that database, without it to LokiJS files in $2.
start_azurite() {
  local port=$1 location=$2
  # Azurite's SQL store lacks Append Block, which Dispatch's record logs use, and fails a deadlocked transaction: the
  # preloaded module adds the one and retries the other. No telemetry: a demo machine has no business calling home.
  setsid node --require "$azurite_dir/sql-store.js" "$azurite_main" --blobHost 127.0.0.1 --blobPort "$port" \
    --location "$location" --skipApiVersionCheck --loose --silent --disableTelemetry &
  store_pids+=($!)
  store_names+=("$3")
  wait_for_port "$port" 60 $!
}

# Copies every container and blob of the LokiJS store set aside in $1 into the new store on port $2 (its own Azurite
# serves the old files meanwhile), then renames the old files to say they were copied; they stay until someone
# deletes them. Interrupted, the next start copies again: a copy overwrites what an earlier one wrote.
copy_old_store() {
  local old=$1 blob_port=$2 old_port
  old_port=$((blob_port + 1))
  while (exec 3<>"/dev/tcp/127.0.0.1/$old_port") 2>/dev/null; do old_port=$((old_port + 1)); done
  echo "Copying the store kept in LokiJS files ($old) into the new store ..."
  start_azurite "$old_port" "$old" "Azurite (old store)"
  dotnet build "$root/tools/Dispatch.StoreCopy" -c Release --nologo -v quiet
  dotnet "$root/tools/Dispatch.StoreCopy/bin/Release/net10.0/Dispatch.StoreCopy.dll" \
    "$(azurite_connection "$old_port")" "$(azurite_connection "$blob_port")"
  stop_process "${store_pids[-1]}" "${store_names[-1]}"
  unset 'store_pids[-1]' 'store_names[-1]'
  local kept
  kept="$data_dir/lokijs-copied-$(date -u +%Y%m%dT%H%M%SZ)"
  mv "$old" "$kept"
  echo "Copied. The old files are kept in $kept (delete them when you no longer need them)."
}
