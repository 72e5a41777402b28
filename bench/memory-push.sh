#!/usr/bin/env bash
# Shows that a push's size does not show up in the server's memory: starts gitstead on a
# throwaway data directory, creates an IAM user with HTTPS Git credentials and a repository,
# pushes about SIZE_MB of incompressible blobs over HTTPS while sampling the server's
# resident memory, and prints the peak (VmHWM) before and after the push.
#
# Usage: bench/memory-push.sh [SIZE_MB]   (default 300)
# Needs: a built server (dotnet build src/Gitstead), git, the aws CLI, python3.
# Not a test: it prints numbers and asserts nothing.
set -euo pipefail

SIZE_MB=${1:-300}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONFIGURATION=${CONFIGURATION:-Debug}
SERVER_DLL="$ROOT/src/Gitstead/bin/$CONFIGURATION/net10.0/gitstead.dll"
[[ -f $SERVER_DLL ]] || { echo "build the server first: dotnet build src/Gitstead -c $CONFIGURATION" >&2; exit 2; }

WORK=$(mktemp -d -t gitstead-bench-XXXXXX)
SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

DATA="$WORK/data"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DOTNET_gcServer=0 dotnet "$SERVER_DLL" serve --data-dir "$DATA" --urls "https://127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 300); do
  [[ -f $DATA/tls/ca.pem ]] && curl -sf --cacert "$DATA/tls/ca.pem" "https://localhost:$PORT/healthz" >/dev/null && break
  sleep 0.2
done
curl -sf --cacert "$DATA/tls/ca.pem" "https://localhost:$PORT/healthz" >/dev/null || { cat "$WORK/server.log" >&2; exit 1; }

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval('d' + sys.argv[2]))" "$@"; }
export AWS_ACCESS_KEY_ID=$(json "$DATA/initial-credentials.json" "['accessKeyId']")
export AWS_SECRET_ACCESS_KEY=$(json "$DATA/initial-credentials.json" "['secretAccessKey']")
export AWS_DEFAULT_REGION=us-east-1 AWS_CA_BUNDLE="$DATA/tls/ca.pem" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
aws_() { aws --endpoint-url "https://localhost:$PORT" --output json "$@"; }

aws_ iam create-user --user-name bench >/dev/null
aws_ iam attach-user-policy --user-name bench --policy-arn arn:aws:iam::aws:policy/AWSCodeCommitPowerUser
aws_ iam create-service-specific-credential --user-name bench --service-name codecommit.amazonaws.com >"$WORK/credential.json"
aws_ codecommit create-repository --repository-name bench >/dev/null

HOST="git-codecommit.us-east-1.localhost:$PORT"
python3 - "$WORK/credential.json" "$HOST" >"$WORK/git-credentials" <<'EOF'
import json, sys, urllib.parse
c = json.load(open(sys.argv[1]))["ServiceSpecificCredential"]
print(f"https://{urllib.parse.quote(c['ServiceUserName'], safe='')}:{urllib.parse.quote(c['ServicePassword'], safe='')}@{sys.argv[2]}")
EOF
export GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$WORK/gitconfig" HOME="$WORK" GIT_SSL_CAINFO="$DATA/tls/ca.pem"
git config --global credential.helper "store --file=$WORK/git-credentials"
git config --global user.name Bench
git config --global user.email bench@example.com

echo "writing $SIZE_MB MB of random blobs" >&2
git init -q -b main "$WORK/src"
for i in $(seq "$SIZE_MB"); do head -c 1048576 /dev/urandom >"$WORK/src/blob-$i.bin"; done
git -C "$WORK/src" add -A
git -C "$WORK/src" commit -qm "$SIZE_MB MB of random blobs"

peak() { awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$SERVER_PID/status"; }
BEFORE=$(peak)

SAMPLES="$WORK/rss"
( while kill -0 "$SERVER_PID" 2>/dev/null; do rss >>"$SAMPLES"; sleep 0.2; done ) &
SAMPLER=$!
git -C "$WORK/src" push -q "https://$HOST/v1/repos/bench" main
kill "$SAMPLER" 2>/dev/null || true

AFTER=$(peak)
MAX_SAMPLE=$(sort -n "$SAMPLES" | tail -n 1)
PACK_KB=$(du -sk "$DATA/repositories" | cut -f1)
echo "pushed:                    ${SIZE_MB} MB of random data (repository on disk: $((PACK_KB / 1024)) MB)"
echo "server peak RSS before:    $((BEFORE / 1024)) MB"
echo "server peak RSS after:     $((AFTER / 1024)) MB"
echo "largest RSS sample (push): $((MAX_SAMPLE / 1024)) MB"
