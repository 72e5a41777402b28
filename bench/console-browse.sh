#!/usr/bin/env bash
# Server time of the console's code browser pages (folder, file, commit, history, raw) on a
# generated repository of FILES files and COMMITS commits, beside the git commands those pages
# run: bench/console-browse.sh [RUNS]. Asserts nothing; prints Markdown tables (see
# docs/design/console-git-reads.md for the last figures and what they decided).
set -euo pipefail
BENCH=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$BENCH")
RUNS=${RUNS:-${1:-25}}
FILES=${FILES:-3000}
COMMITS=${COMMITS:-3000}
WORK=$(mktemp -d /tmp/gitstead-console-bench.XXXXXX)
GS_PID=
log() { printf '== %s\n' "$*" >&2; }
cleanup() {
  [[ -n $GS_PID ]] && kill "$GS_PID" 2>/dev/null && wait "$GS_PID" 2>/dev/null || true
  [[ ${KEEP_WORK:-0} == 1 ]] && log "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

log "building the server (Release)"
dotnet build -c Release -v q -nologo "$ROOT/src/Gitstead" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
dotnet build-server shutdown >/dev/null 2>&1 || true
cp -a "$ROOT/src/Gitstead/bin/Release/net10.0" "$WORK/server"

log "generating a repository: $FILES files, $COMMITS commits"
git init -q --bare -b main "$WORK/source.git"
python3 "$BENCH/console/gen_browse_repo.py" "$FILES" "$COMMITS" | git -C "$WORK/source.git" fast-import --quiet --done
git -C "$WORK/source.git" repack -adq

log "starting Gitstead"
DATA="$WORK/data"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
setsid dotnet "$WORK/server/gitstead.dll" serve --data-dir "$DATA" --urls "https://127.0.0.1:$PORT" </dev/null >"$WORK/server.log" 2>&1 &
GS_PID=$!
for _ in $(seq 300); do
  [[ -f $DATA/tls/ca.pem ]] && curl -sf --cacert "$DATA/tls/ca.pem" "https://localhost:$PORT/healthz" >/dev/null && break
  kill -0 "$GS_PID" 2>/dev/null || break
  sleep 0.2
done
curl -sf --cacert "$DATA/tls/ca.pem" "https://localhost:$PORT/healthz" >/dev/null || { log "Gitstead did not start"; cat "$WORK/server.log" >&2; exit 1; }

json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval('d' + sys.argv[2]))" "$@"; }
gs_aws() {
  AWS_ACCESS_KEY_ID=$(json "$DATA/initial-credentials.json" "['accessKeyId']") \
  AWS_SECRET_ACCESS_KEY=$(json "$DATA/initial-credentials.json" "['secretAccessKey']") AWS_SESSION_TOKEN='' \
    AWS_DEFAULT_REGION=us-east-1 AWS_CA_BUNDLE="$DATA/tls/ca.pem" AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    aws --endpoint-url "https://127.0.0.1:$PORT" --output json "$@"
}
log "pushing it over HTTPS with an IAM user's Git credentials"
gs_aws iam create-user --user-name bench >/dev/null
gs_aws iam attach-user-policy --user-name bench --policy-arn arn:aws:iam::aws:policy/AWSCodeCommitPowerUser
gs_aws iam create-service-specific-credential --user-name bench --service-name codecommit.amazonaws.com >"$WORK/credential.json"
REPO_ID=$(gs_aws codecommit create-repository --repository-name browse | python3 -c 'import json,sys; print(json.load(sys.stdin)["repositoryMetadata"]["repositoryId"])')
python3 - "$WORK/credential.json" "git-codecommit.us-east-1.localhost:$PORT" >"$WORK/git-credentials" <<'PY'
import json, sys, urllib.parse
c = json.load(open(sys.argv[1]))["ServiceSpecificCredential"]
q = lambda s: urllib.parse.quote(s, safe="")
print(f"https://{q(c['ServiceUserName'])}:{q(c['ServicePassword'])}@{sys.argv[2]}")
PY
GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_SSL_CAINFO="$DATA/tls/ca.pem" \
  git -C "$WORK/source.git" -c credential.helper="store --file=$WORK/git-credentials" \
  push -q "https://git-codecommit.us-east-1.localhost:$PORT/v1/repos/browse" main
# The push starts a background repack: let it finish so it does not share the cores with the measurements.
while pgrep -P "$GS_PID" -f 'git' >/dev/null 2>&1; do sleep 0.5; done

log "measuring ($RUNS runs each)"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(git --version), .NET $(dotnet --list-runtimes | grep -m1 NETCore.App | cut -d' ' -f2), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Repository: $(git -C "$WORK/source.git" rev-list --count main) commits, $(git -C "$WORK/source.git" ls-tree -r main | wc -l) files, $(du -sh "$WORK/source.git/objects/pack" | cut -f1) packed"
echo
python3 "$BENCH/console/measure_pages.py" "https://localhost:$PORT" "$DATA/tls/ca.pem" "$DATA" browse "$DATA/repositories/$REPO_ID.git" "$RUNS"
