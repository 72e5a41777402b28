#!/usr/bin/env bash
# Ref-heavy pushes: TAGS (20,000) lightweight tags created in pushes of BATCH (4,000, the most
# one push may change, as in CodeCommit) into a repository that already holds every object
# they point at (the small repository's main), so the pushes carry refs and no new objects,
# and each one meets the refs of the ones before. Against the floor (a local file:// push),
# the reference Git server (nginx + fcgiwrap + git http-backend) and Gitstead, each into a
# fresh repository every round; wall time of all the pushes, median of ROUNDS, every server's
# tag count checked afterwards.
#
# Usage: bench/ref-push.sh [TAGS] [ROUNDS]    (default 20000 3; BATCH=4000)
# Needs a built server (dotnet build src/Gitstead -c Release), git, the aws CLI, python3,
# curl, openssl, nginx and fcgiwrap. Not a test: it prints numbers and asserts nothing.
set -euo pipefail

TAGS=${1:-20000}
ROUNDS=${2:-3}
BATCH=${BATCH:-4000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
CONFIGURATION=${CONFIGURATION:-Release}
SERVER_DLL=${SERVER_DLL:-$ROOT/src/Gitstead/bin/$CONFIGURATION/net10.0/gitstead.dll}
[[ -f $SERVER_DLL ]] || { echo "build the server first: dotnet build src/Gitstead -c $CONFIGURATION" >&2; exit 2; }
BENCH_CACHE=${BENCH_CACHE:-$HOME/.cache/gitstead-bench}

WORK=$(mktemp -d -t gitstead-bench-refpush-XXXXXX)
GS_PID=""
cleanup() {
  [[ -n $GS_PID ]] && { kill -- "-$GS_PID" 2>/dev/null || kill "$GS_PID" 2>/dev/null || true; }
  "$BENCH/reference-server.sh" stop "$WORK/reference" >/dev/null 2>&1 || true
  [[ ${KEEP_WORK:-0} == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT INT TERM
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# The small generated repository, cached as bench/run caches it (same key).
GEN_KEY=$(cat "$BENCH/gen-repo.sh" "$BENCH/compare/gen_repo.py" | sha256sum | cut -c1-12)
SOURCE="$BENCH_CACHE/small-$GEN_KEY.git"
if [[ ! -d $SOURCE ]]; then
  log "generating the small repository into $SOURCE"
  mkdir -p "$BENCH_CACHE"
  rm -rf "$SOURCE.tmp"
  "$BENCH/gen-repo.sh" small "$SOURCE.tmp" >&2
  mv "$SOURCE.tmp" "$SOURCE"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
export GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$WORK/gitconfig" HOME="$WORK"
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_DEFAULT_REGION=us-east-1
git config --global protocol.version 2

# The pushing repository: main of small and TAGS tags spread over its commits.
PUSHER="$WORK/pusher.git"
git clone -q --bare --no-local --single-branch -b main "$SOURCE" "$PUSHER"
git -C "$PUSHER" rev-list main >"$WORK/commits"
# Tag i goes to batch b = ceil(i / BATCH): refs/tags/bB/tI, pushed with the refspec refs/tags/bB/*.
awk -v n="$TAGS" -v batch="$BATCH" '{c[NR] = $1} END {
  for (i = 1; i <= n; i++) printf "create refs/tags/b%d/t%05d %s\n", int((i - 1) / batch) + 1, i, c[(i - 1) % NR + 1] }' \
  "$WORK/commits" | git -C "$PUSHER" update-ref --stdin
BATCHES=$(((TAGS + BATCH - 1) / BATCH))
log "pushing repository: $(git -C "$PUSHER" for-each-ref refs/tags | wc -l) tags over $(wc -l <"$WORK/commits") commits"

# The reference.
REF_PORT=$(free_port)
"$BENCH/reference-server.sh" start "$WORK/reference" "$REF_PORT" >&2
printf 'https://bench:%s@127.0.0.1:%s\n' "$(cat "$WORK/reference/password")" "$REF_PORT" >"$WORK/reference-credentials"

# Gitstead on its embedded defaults, a power user with HTTPS Git credentials.
DATA="$WORK/gitstead"
GS_PORT=$(free_port)
setsid dotnet "$SERVER_DLL" serve --data-dir "$DATA" --urls "https://127.0.0.1:$GS_PORT" --ssh-port 0 </dev/null >"$WORK/gitstead.log" 2>&1 &
GS_PID=$!
for _ in $(seq 300); do
  [[ -f $DATA/tls/ca.pem ]] && curl -sf --cacert "$DATA/tls/ca.pem" "https://localhost:$GS_PORT/healthz" >/dev/null && break
  sleep 0.2
done
curl -sf --cacert "$DATA/tls/ca.pem" "https://localhost:$GS_PORT/healthz" >/dev/null || { cat "$WORK/gitstead.log" >&2; exit 1; }
json() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))$2)" "$1"; }
gs_aws() {
  AWS_ACCESS_KEY_ID=$(json "$DATA/initial-credentials.json" "['accessKeyId']") \
    AWS_SECRET_ACCESS_KEY=$(json "$DATA/initial-credentials.json" "['secretAccessKey']") \
    AWS_CA_BUNDLE="$DATA/tls/ca.pem" aws --endpoint-url "https://127.0.0.1:$GS_PORT" --output json "$@"
}
gs_aws iam create-user --user-name bench >/dev/null
gs_aws iam attach-user-policy --user-name bench --policy-arn arn:aws:iam::aws:policy/AWSCodeCommitPowerUser
gs_aws iam create-service-specific-credential --user-name bench --service-name codecommit.amazonaws.com >"$WORK/credential.json"
python3 - "$WORK/credential.json" "git-codecommit.us-east-1.localhost:$GS_PORT" >"$WORK/gitstead-credentials" <<'EOF'
import json, sys, urllib.parse
c = json.load(open(sys.argv[1]))["ServiceSpecificCredential"]
print(f"https://{urllib.parse.quote(c['ServiceUserName'], safe='')}:{urllib.parse.quote(c['ServicePassword'], safe='')}@{sys.argv[2]}")
EOF

declare -A CA CREDENTIALS TIMES
CA[reference]="$WORK/reference/ca.crt"
CA[gitstead]="$DATA/tls/ca.pem"
CREDENTIALS[reference]="$WORK/reference-credentials"
CREDENTIALS[gitstead]="$WORK/gitstead-credentials"
run_git() { # SERVER GIT-ARGS...
  local name=$1
  shift
  GIT_SSL_CAINFO=${CA[$name]} git -c credential.helper= -c "credential.helper=store --file=${CREDENTIALS[$name]}" "$@"
}

# A fresh repository named NAME on SERVER holding main; prints its URL.
fresh() {
  local server=$1 name=$2 url
  case $server in
    floor) url="file://$WORK/floor/$name.git"; git init -q --bare -b main "$WORK/floor/$name.git" ;;
    reference) url="https://127.0.0.1:$REF_PORT/$name.git"; git init -q --bare -b main "$WORK/reference/repos/$name.git" ;;
    gitstead) url="https://git-codecommit.us-east-1.localhost:$GS_PORT/v1/repos/$name"; gs_aws codecommit create-repository --repository-name "$name" >/dev/null ;;
  esac
  if [[ $server == floor ]]; then git -C "$PUSHER" push -q "$url" main; else run_git "$server" -C "$PUSHER" push -q "$url" main; fi
  echo "$url"
}

# Waits until Gitstead runs no git process (maintenance follows each push).
. "$BENCH/compare/settle.sh"
settle() { settle_git "$GS_PID"; }

SERVERS=(floor reference gitstead)
for round in $(seq "$ROUNDS"); do
  for server in "${SERVERS[@]}"; do
    name="tags-$round"
    url=$(fresh "$server" "$name")
    settle
    elapsed=0 each=()
    for b in $(seq "$BATCHES"); do
      settle
      start=$EPOCHREALTIME
      if [[ $server == floor ]]; then
        git -C "$PUSHER" push -q "$url" "refs/tags/b$b/*:refs/tags/b$b/*"
      else
        run_git "$server" -C "$PUSHER" push -q "$url" "refs/tags/b$b/*:refs/tags/b$b/*"
      fi
      took=$(python3 -c "print(f'{$EPOCHREALTIME - $start:.2f}')")
      each+=("$took")
      elapsed=$(python3 -c "print(f'{$elapsed + $took:.2f}')")
    done
    if [[ $server == floor ]]; then count=$(git ls-remote --tags "$url" | wc -l); else count=$(run_git "$server" ls-remote --tags "$url" | wc -l); fi
    ((count == TAGS)) || { log "$server holds $count tags after the push, not $TAGS"; exit 1; }
    TIMES[$server]+="$elapsed "
    log "round $round: $TAGS tags pushed to $server in $elapsed s (pushes of $BATCH: ${each[*]} s)"
  done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ref=$(median <<<"${TIMES[reference]}")
gs=$(median <<<"${TIMES[gitstead]}")
ratio=$(awk -v a="$gs" -v b="$ref" 'BEGIN { printf "%.2f", a / b }')
echo "$TAGS tags (no new objects) created in pushes of $BATCH into a fresh repository holding main of small: all the pushes' wall time, median of $ROUNDS rounds (seconds)"
printf '%-30s %10s\n' "floor (file://)" "$(median <<<"${TIMES[floor]}")"
printf '%-30s %10s\n' "reference (git http-backend)" "$ref"
printf '%-30s %10s\n' "Gitstead" "$gs"
printf '%-30s %10s\n' "Gitstead / reference" "$ratio ×"
. "$BENCH/compare/target.sh"
target "$TAGS tags pushed in pushes of $BATCH" "≤ 1.05 × reference" "$ratio ×" "$(awk -v r="$ratio" 'BEGIN { print (r <= 1.05) ? 1 : 0 }')"
