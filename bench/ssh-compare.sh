#!/usr/bin/env bash
# Compares Git over SSH through Gitstead with Git over HTTPS through Gitstead and with a plain
# OpenSSH sshd running git-upload-pack / git-receive-pack on the same bare repository, in the
# same run: clone and push times (median of ROUNDS), and what receive.fsckObjects costs a push.
#
# Usage: bench/ssh-compare.sh [FILES] [ROUNDS]   (default 2000 files of 4 KiB text, 5 rounds)
# Needs: a built server, git, the aws CLI, python3, ssh-keygen, /usr/sbin/sshd and
# libnss-wrapper (test.sh installs them). Runs as root (the plain sshd logs in as root).
# Not a test: it prints numbers and asserts nothing. Target: SSH within 1.1x of plain sshd.
set -euo pipefail

FILES=${1:-2000}
ROUNDS=${2:-5}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CONFIGURATION=${CONFIGURATION:-Release}
SERVER_DLL=${SERVER_DLL:-$ROOT/src/Gitstead/bin/$CONFIGURATION/net10.0/gitstead.dll}
[[ -f $SERVER_DLL ]] || { echo "build the server first: dotnet build src/Gitstead -c $CONFIGURATION" >&2; exit 2; }

WORK=$(mktemp -d -t gitstead-bench-ssh-XXXXXX)
SERVER_PID="" PLAIN_PID=""
cleanup() {
  [[ -n $PLAIN_PID ]] && kill "$PLAIN_PID" 2>/dev/null
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
DATA="$WORK/data"
PORT=$(free_port) SSH_PORT=$(free_port) PLAIN_PORT=$(free_port)
DOTNET_gcServer=0 dotnet "$SERVER_DLL" serve --data-dir "$DATA" --urls "https://127.0.0.1:$PORT" --ssh-port "$SSH_PORT" >"$WORK/server.log" 2>&1 &
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

ssh-keygen -q -t rsa -b 3072 -N '' -f "$WORK/id_rsa"
aws_ iam create-user --user-name bench >/dev/null
aws_ iam attach-user-policy --user-name bench --policy-arn arn:aws:iam::aws:policy/AWSCodeCommitPowerUser
aws_ iam create-service-specific-credential --user-name bench --service-name codecommit.amazonaws.com >"$WORK/credential.json"
KEY_ID=$(aws_ iam upload-ssh-public-key --user-name bench --ssh-public-key-body "file://$WORK/id_rsa.pub" --query SSHPublicKey.SSHPublicKeyId --output text)
HOST="git-codecommit.us-east-1.localhost:$PORT"
python3 - "$WORK/credential.json" "$HOST" >"$WORK/git-credentials" <<'EOF'
import json, sys, urllib.parse
c = json.load(open(sys.argv[1]))["ServiceSpecificCredential"]
print(f"https://{urllib.parse.quote(c['ServiceUserName'], safe='')}:{urllib.parse.quote(c['ServicePassword'], safe='')}@{sys.argv[2]}")
EOF

# The plain sshd: the same machine, the same key, git's own commands on the repository directly.
ssh-keygen -q -t ed25519 -N '' -f "$WORK/plain_host_key"
cp "$WORK/id_rsa.pub" "$WORK/authorized_keys"
chmod 600 "$WORK/authorized_keys"
mkdir -p /run/sshd
cat >"$WORK/plain_sshd_config" <<EOF
Port $PLAIN_PORT
ListenAddress 127.0.0.1
HostKey $WORK/plain_host_key
PidFile none
UsePAM no
StrictModes no
AuthorizedKeysFile $WORK/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
AcceptEnv GIT_PROTOCOL
EOF
/usr/sbin/sshd -D -e -f "$WORK/plain_sshd_config" 2>"$WORK/plain_sshd.log" &
PLAIN_PID=$!

export GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$WORK/gitconfig" HOME="$WORK" GIT_SSL_CAINFO="$DATA/tls/ca.pem"
export GIT_SSH_COMMAND="ssh -i $WORK/id_rsa -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR"
git config --global credential.helper "store --file=$WORK/git-credentials"
git config --global user.name Bench
git config --global user.email bench@example.com
git config --global init.defaultBranch main

echo "making a repository of $FILES files" >&2
git init -q "$WORK/src"
python3 - "$WORK/src" "$FILES" <<'EOF'
import os, random, sys
random.seed(7)
words = [f"word{i}" for i in range(5000)]
for i in range(int(sys.argv[2])):
    d = os.path.join(sys.argv[1], f"dir{i % 50}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"file{i}.txt"), "w") as f:
        f.write(" ".join(random.choice(words) for _ in range(600)))
EOF
git -C "$WORK/src" add -A
git -C "$WORK/src" commit -qm "bench"

seconds() {
  local start=$EPOCHREALTIME
  if ! "$@" >"$WORK/last.log" 2>&1; then cat "$WORK/last.log" >&2; echo "failed: $*" >&2; exit 1; fi
  python3 -c "print(f'{$EPOCHREALTIME - $start:.3f}')"
}
. "$ROOT/bench/compare/target.sh"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

repo_path() { echo "$DATA/repositories/$(aws_ codecommit get-repository --repository-name "$1" --query repositoryMetadata.repositoryId --output text).git"; }

# Before each timed operation, as bench/run does: wait until Gitstead runs no git process. Its
# repository maintenance after a push (git repack, commit-graph, when the repository needs them)
# runs in the background; without the wait it would land on whatever is timed next, while the
# plain sshd runs no maintenance at all. The waits are counted and printed.
. "$ROOT/bench/compare/settle.sh"
settle() { settle_git "$SERVER_PID"; }

declare -A CLONE PUSH
for round in $(seq "$ROUNDS"); do
  for way in https ssh plain plain-fsck; do
    name="bench-$way-$round"
    aws_ codecommit create-repository --repository-name "$name" >/dev/null
    case $way in
      https) url="https://$HOST/v1/repos/$name"; rp=();;
      ssh) url="ssh://$KEY_ID@127.0.0.1:$SSH_PORT/v1/repos/$name"; rp=();;
      plain) url="ssh://root@127.0.0.1:$PLAIN_PORT$(repo_path "$name")"; rp=();;
      plain-fsck) url="ssh://root@127.0.0.1:$PLAIN_PORT$(repo_path "$name")"; rp=(--receive-pack "git -c receive.fsckObjects=true receive-pack");;
    esac
    settle
    PUSH[$way]+="$(seconds git -C "$WORK/src" push -q "${rp[@]}" "$url" main) "
    settle
    CLONE[$way]+="$(seconds git clone -q -b main "$url" "$WORK/clone-$way-$round") "
    rm -rf "$WORK/clone-$way-$round"
  done
done

echo "repository: $FILES files, $(du -sk "$(repo_path bench-https-1)" | cut -f1) KiB packed; median of $ROUNDS rounds (seconds)"
echo "before the timed operations, waited $(awk -v ms="$SETTLE_MS" 'BEGIN { printf "%.1f", ms / 1000 }') s in all, $SETTLE_COUNT times, for Gitstead's background maintenance to end"
printf '%-34s %8s %8s\n' "" clone push
for way in https ssh plain plain-fsck; do
  label=$way
  case $way in
    https) label="Gitstead HTTPS (fsckObjects on)";;
    ssh) label="Gitstead SSH (fsckObjects on)";;
    plain) label="plain sshd + git (no fsck)";;
    plain-fsck) label="plain sshd + git (fsckObjects on)";;
  esac
  printf '%-34s %8s %8s\n' "$label" "$(tr ' ' '\n' <<<"${CLONE[$way]}" | grep . | median)" "$(tr ' ' '\n' <<<"${PUSH[$way]}" | grep . | median)"
done
# SSH's target: clone and push within 1.1 × a plain sshd running git with the same fsck setting.
for op in clone push; do
  if [[ $op == clone ]]; then ssh=$(tr ' ' '\n' <<<"${CLONE[ssh]}" | grep . | median) plain=$(tr ' ' '\n' <<<"${CLONE[plain-fsck]}" | grep . | median)
  else ssh=$(tr ' ' '\n' <<<"${PUSH[ssh]}" | grep . | median) plain=$(tr ' ' '\n' <<<"${PUSH[plain-fsck]}" | grep . | median); fi
  ratio=$(awk -v a="$ssh" -v b="$plain" 'BEGIN { printf "%.2f", a / b }')
  target "Git over SSH, $op" "≤ 1.1 × plain sshd (fsckObjects on)" "$ratio ×" "$(awk -v r="$ratio" 'BEGIN { print (r <= 1.1) ? 1 : 0 }')"
done
