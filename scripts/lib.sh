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

# Azurite closes its server on SIGTERM but its process may linger: give it a moment, then make sure.
stop_process() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  # Up to ten seconds to stop cleanly (the silo leaves its cluster and flushes), then no more waiting.
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
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

# Waits up to ten seconds for something to listen on 127.0.0.1:$1.
wait_for_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "Nothing listens on port $1." >&2
  return 1
}
