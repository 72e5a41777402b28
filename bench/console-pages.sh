#!/usr/bin/env bash
# Server time of the console's main pages with many users and repositories in the account.
# Starts Gitstead (a copy of its Release build) on a throwaway data directory, seeds it through
# the API, and prints a Markdown table of each page's server time (its Server-Timing header)
# and round trip. Not a test: nothing asserts a time.
#
#   bench/console-pages.sh [USERS=1000] [REPOS=1000] [REQUESTS=200]   (as environment variables)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
USERS=${USERS:-1000} REPOS=${REPOS:-1000} REQUESTS=${REQUESTS:-200}
WORK=$(mktemp -d /tmp/gitstead-console-bench.XXXXXX)
SERVER_PID=""
cleanup() { [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet build -c Release -v q -nologo src/Gitstead >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
dotnet build -c Release -v q -nologo bench/Gitstead.ConsoleLoad >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
cp -a src/Gitstead/bin/Release/net10.0 "$WORK/server"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
dotnet "$WORK/server/gitstead.dll" serve --data-dir "$WORK/data" --urls "https://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -skf "https://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done

echo "git $(git --version | awk '{print $3}'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
echo
dotnet bench/Gitstead.ConsoleLoad/bin/Release/net10.0/Gitstead.ConsoleLoad.dll \
  --endpoint "https://localhost:$PORT" --credentials "$WORK/data/initial-credentials.json" --ca "$WORK/data/tls/ca.pem" \
  --users "$USERS" --repos "$REPOS" --requests "$REQUESTS"
