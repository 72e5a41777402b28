#!/usr/bin/env bash
# What the audit trail costs: two Gitstead servers side by side, one recording every event
# (the default) and one with Gitstead:Audit:Enabled=false, measured in the same run with the
# same client load, interleaved so that the machine's drift falls on both.
#
# Usage: bench/audit-cost.sh            # PAIRS=3 RUNS=3 API_DURATION=8 API_SERVER_WARMUP=20 API_CLIENTS=16
#                                       # PUSH_MB=50 PUSH_RUNS=11
#        PARTS=push bench/audit-cost.sh # only the push figures (PARTS=api: only the API's)
#        SAME=1 bench/audit-cost.sh     # both servers record: how far two identical server
#                                       # processes differ, the resolution of the comparison
#
# Pairs: two server processes of one build differ by up to about 6 % in API throughput for as
# long as they run (what the tiered JIT and dynamic PGO made of each one's hot methods), which
# rounds against the same pair cannot remove. The API part therefore runs on PAIRS fresh pairs
# of servers, one pair after the other (each started, set up and warmed up anew, then RUNS
# interleaved rounds); each pair gives its paired cost, and the targets use the median of the
# pairs'. The pushes run once, on the last pair.
#
# API: requests per second and p99 at API_CLIENTS clients for STS GetCallerIdentity, IAM
# GetUser and CodeCommit GetRepository (bench/Gitstead.ApiLoad, HTTPS), each server warmed
# up first; the figure is the median of RUNS runs. Beside them, the server's CPU time per
# request (user + system, from /proc, over the measured run and its warm-up): the client
# shares the cores, so this shows the server's own cost with less noise than rps. Push: a push of PUSH_MB MB of new random
# objects over HTTPS into a new repository, the median of PUSH_RUNS: its wall time, and the
# server's CPU time for it (the server and every git process it ran for the push and the
# maintenance after it, until no git process is left): the wall time includes the client's
# own packing, so the CPU time is the server's share with less noise. The cost is how much
# slower, or how much more CPU, the recording server needs. Needs the .NET SDK, git, the aws
# CLI, python3, jq and curl.
# Not a test: nothing asserts.
#
# PIN=1 (the default on a machine with two or more cores) runs both servers on the last core
# and the clients (load generator, git) on the others (taskset): the server's core is then
# saturated by the server alone, its throughput is its CPU per request, and neither the
# client's work nor the scheduler's placement of it moves the figures from run to run. The
# audit writer shares that core with the requests, so its whole cost shows. PIN=0 lets the
# scheduler place everything, as in production.
set -euo pipefail
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
PAIRS=${PAIRS:-3}
RUNS=${RUNS:-3}
API_DURATION=${API_DURATION:-8}
API_WARMUP=${API_WARMUP:-2}
API_SERVER_WARMUP=${API_SERVER_WARMUP:-20}
API_CLIENTS=${API_CLIENTS:-16}
PUSH_MB=${PUSH_MB:-50}
PUSH_RUNS=${PUSH_RUNS:-$((RUNS > 11 ? RUNS : 11))}
PARTS=${PARTS:-api push}
has_part() { [[ " $PARTS " == *" $1 "* ]]; }
SERVERS=(on off)
CORES=$(nproc)
PIN=${PIN:-$((CORES >= 2 ? 1 : 0))}
SERVER_PIN=() CLIENT_PIN=()
if ((PIN)); then
  command -v taskset >/dev/null || { echo "PIN=1 needs taskset (util-linux)" >&2; exit 1; }
  SERVER_PIN=(taskset -c "$((CORES - 1))")
  CLIENT_PIN=(taskset -c "0-$((CORES - 2))")
fi

WORK=$(mktemp -d -t gitstead-audit-cost-XXXXXX)
declare -A PID DATA PORT USER_AK USER_SK
stop_servers() {
  local pid
  for pid in "${PID[@]}"; do kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done
  for pid in "${PID[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- "-$pid" 2>/dev/null || true
  done
  PID=()
}
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_servers
  if ((status != 0)); then
    for s in "${SERVERS[@]}"; do [[ -s $WORK/server-$s.log ]] && { echo "--- server $s" >&2; tail -n 20 "$WORK/server-$s.log" >&2; }; done
  fi
  [[ -n ${KEEP_WORK:-} ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now_us() { local ns; ns=$(date +%s%N); echo $((ns / 1000)); }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(eval('d' + sys.argv[2]))" "$@"; }

log "building the server and the API load generator (Release)"
dotnet build -c Release -v q -nologo "$ROOT/src/Gitstead" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
dotnet build -c Release -v q -nologo "$BENCH/Gitstead.ApiLoad" >>"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
dotnet build-server shutdown >/dev/null 2>&1 || true
cp -a "$ROOT/src/Gitstead/bin/Release/net10.0" "$WORK/server"
cp -a "$BENCH/Gitstead.ApiLoad/bin/Release/net10.0" "$WORK/apiload"

aws_on() { # SERVER ARGS...
  local s=$1
  shift
  AWS_ACCESS_KEY_ID=$(json "${DATA[$s]}/initial-credentials.json" "['accessKeyId']") \
    AWS_SECRET_ACCESS_KEY=$(json "${DATA[$s]}/initial-credentials.json" "['secretAccessKey']") \
    AWS_SESSION_TOKEN='' AWS_DEFAULT_REGION=us-east-1 AWS_CA_BUNDLE="${DATA[$s]}/tls/ca.pem" \
    AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
    aws --endpoint-url "https://127.0.0.1:${PORT[$s]}" --output json "$@"
}

export GIT_TERMINAL_PROMPT=0 GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$WORK/gitconfig" GIT_SSL_CAINFO="$WORK/ca-bundle.pem"
unset GIT_DIR GIT_WORK_TREE GIT_PROTOCOL
git config --global credential.helper "store --file=$WORK/git-credentials"
git config --global protocol.version 2

# start_pair N: two fresh servers on new data directories (the previous pair's are stopped and
# removed), each with the IAM user bench (AWSCodeCommitPowerUser, IAMReadOnlyAccess, an access
# key, Git credentials) and a repository.
start_pair() {
  local pair=$1 s enabled
  stop_servers
  rm -rf "$WORK/pair"*
  for s in "${SERVERS[@]}"; do
    DATA[$s]="$WORK/pair$pair/data-$s"
    PORT[$s]=$(free_port)
    enabled=true
    [[ $s == off && ${SAME:-0} == 0 ]] && enabled=false
    Gitstead__Audit__Enabled=$enabled setsid "${SERVER_PIN[@]}" dotnet "$WORK/server/gitstead.dll" serve --data-dir "${DATA[$s]}" \
      --urls "https://127.0.0.1:${PORT[$s]}" --ssh-port 0 </dev/null >"$WORK/server-$s.log" 2>&1 &
    PID[$s]=$!
  done
  for s in "${SERVERS[@]}"; do
    for _ in $(seq 300); do
      [[ -f ${DATA[$s]}/tls/ca.pem ]] && curl -sf --cacert "${DATA[$s]}/tls/ca.pem" "https://localhost:${PORT[$s]}/healthz" >/dev/null && break
      kill -0 "${PID[$s]}" 2>/dev/null || break
      sleep 0.2
    done
    curl -sf --cacert "${DATA[$s]}/tls/ca.pem" "https://localhost:${PORT[$s]}/healthz" >/dev/null || { log "server $s did not start"; exit 1; }
  done
  : >"$WORK/git-credentials"
  : >"$WORK/ca-bundle.pem"
  chmod 600 "$WORK/git-credentials"
  for s in "${SERVERS[@]}"; do
    aws_on "$s" iam create-user --user-name bench >/dev/null
    aws_on "$s" iam attach-user-policy --user-name bench --policy-arn arn:aws:iam::aws:policy/AWSCodeCommitPowerUser
    aws_on "$s" iam attach-user-policy --user-name bench --policy-arn arn:aws:iam::aws:policy/IAMReadOnlyAccess
    aws_on "$s" iam create-access-key --user-name bench >"$WORK/key-$s.json"
    aws_on "$s" iam create-service-specific-credential --user-name bench --service-name codecommit.amazonaws.com >"$WORK/credential-$s.json"
    aws_on "$s" codecommit create-repository --repository-name bench >/dev/null
    USER_AK[$s]=$(json "$WORK/key-$s.json" "['AccessKey']['AccessKeyId']")
    USER_SK[$s]=$(json "$WORK/key-$s.json" "['AccessKey']['SecretAccessKey']")
    python3 - "$WORK/credential-$s.json" "git-codecommit.us-east-1.localhost:${PORT[$s]}" >>"$WORK/git-credentials" <<'EOF'
import json, sys, urllib.parse
q = lambda s: urllib.parse.quote(s, safe="")
c = json.load(open(sys.argv[1]))["ServiceSpecificCredential"]
print(f"https://{q(c['ServiceUserName'])}:{q(c['ServicePassword'])}@{sys.argv[2]}")
EOF
    cat "${DATA[$s]}/tls/ca.pem" >>"$WORK/ca-bundle.pem"
  done
}

# Waits until the server runs no git process (maintenance follows each push).
. "$BENCH/compare/settle.sh"
settle() { settle_git "${PID[$1]}"; }

# RPS, P99, CPU: every run, by server and call ("on,sts"), and by pair too ("2,on,sts").
declare -A RPS P99 CPU PUSH PUSH_CPU
. "$BENCH/compare/target.sh"
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system time of a process, in clock ticks
# The same with its children that have ended and been waited for (cutime + cstime): the git
# processes the server ran, and theirs (index-pack under receive-pack).
cpu_ticks_with_children() { awk '{print $14 + $15 + $16 + $17}' "/proc/$1/stat"; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))
api() { # PAIR SERVER CALL: one measured run, its rps, p99 and the server's CPU per request appended
  local pair=$1 s=$2 call=$3 line pid c0 c1 rps p99 cpu
  pid=${PID[$s]} # setsid execs: the server process itself
  c0=$(cpu_ticks "$pid")
  line=$("${CLIENT_PIN[@]}" dotnet "$WORK/apiload/Gitstead.ApiLoad.dll" --endpoint "https://127.0.0.1:${PORT[$s]}" \
    --access-key "${USER_AK[$s]}" --secret "${USER_SK[$s]}" --ca "${DATA[$s]}/tls/ca.pem" \
    --call "$call" --clients "$API_CLIENTS" --duration "$API_DURATION" --warmup "$API_WARMUP" 2>"$WORK/apiload.err" | tail -n 1)
  c1=$(cpu_ticks "$pid")
  [[ $line == \{* ]] || { log "the load generator failed: $(head -c 300 "$WORK/apiload.err")"; exit 1; }
  # The warm-up's requests are not counted by the load generator but burn server CPU too.
  cpu=$(jq -r --argjson us $(((c1 - c0) * TICK_US)) --argjson total $((API_DURATION + API_WARMUP)) \
    '($us / ($total * .rps)) | floor' <<<"$line")
  [[ $(jq -r .errors <<<"$line") == 0 ]] || log "  $s $call: $(jq -r .errors <<<"$line") errors"
  rps=$(jq -r .rps <<<"$line") p99=$(jq -r .p99_ms <<<"$line")
  CPU[$s,$call]+="$cpu " RPS[$s,$call]+="$rps " P99[$s,$call]+="$p99 "
  CPU[$pair,$s,$call]+="$cpu " RPS[$pair,$s,$call]+="$rps " P99[$pair,$s,$call]+="$p99 "
}
CALLS=(sts iam-get-user:bench codecommit-get-repository:bench)
has_part api || { CALLS=() PAIRS=1; }
for pair in $(seq "$PAIRS"); do
  log "pair $pair of $PAIRS: two fresh servers, the IAM user bench on each"
  start_pair "$pair"
  ((${#CALLS[@]} == 0)) || log "API: warming up each server, ${API_SERVER_WARMUP} s per call"
  for call in "${CALLS[@]}"; do
    for s in "${SERVERS[@]}"; do
      "${CLIENT_PIN[@]}" dotnet "$WORK/apiload/Gitstead.ApiLoad.dll" --endpoint "https://127.0.0.1:${PORT[$s]}" --access-key "${USER_AK[$s]}" \
        --secret "${USER_SK[$s]}" --ca "${DATA[$s]}/tls/ca.pem" --call "$call" --clients "$API_CLIENTS" \
        --duration "$API_SERVER_WARMUP" --warmup 0 >/dev/null 2>&1 || true
    done
  done
  for run in $(seq "$RUNS"); do
    ((${#CALLS[@]} == 0)) && break
    log "API run $run of $RUNS"
    order=(on off)
    ((run % 2 == 0)) && order=(off on)
    for call in "${CALLS[@]}"; do
      for s in "${order[@]}"; do api "$pair" "$s" "$call"; done
    done
  done
done

has_part push || PUSH_RUNS=0
((PUSH_RUNS == 0)) || log "push: $PUSH_MB MB of random blobs into a new repository, $PUSH_RUNS times per server"
PUSH_STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SRC="$WORK/push-src"
git init -q -b main "$SRC"
git -C "$SRC" -c user.name=Bench -c user.email=bench@example.com commit -q --allow-empty -m base
python3 "$BENCH/compare/push_objects.py" "$PUSH_MB" | git -C "$SRC" fast-import --quiet --done
git -C "$SRC" config core.bigFileThreshold 1m
for run in $(seq "$PUSH_RUNS"); do
  order=(on off)
  ((run % 2 == 0)) && order=(off on)
  for s in "${order[@]}"; do
    aws_on "$s" codecommit create-repository --repository-name "push-$run" >/dev/null
    # Both servers: the other one's maintenance after its own push would share the core.
    for other in "${SERVERS[@]}"; do settle "$other"; done
    c0=$(cpu_ticks_with_children "${PID[$s]}")
    t0=$(now_us)
    "${CLIENT_PIN[@]}" git -C "$SRC" push -q "https://git-codecommit.us-east-1.localhost:${PORT[$s]}/v1/repos/push-$run" main
    t1=$(now_us)
    settle "$s"
    c1=$(cpu_ticks_with_children "${PID[$s]}")
    PUSH[$s]+="$(((t1 - t0) / 1000)) "
    PUSH_CPU[$s]+="$(((c1 - c0) * TICK_US / 1000)) "
  done
done

GIT_EVENTS=""
if ((PUSH_RUNS > 0)); then
  # What the trail did for the pushes: the Git events the recording server stored for them
  # (each push's sessions and the push itself, with its refs).
  git_events=$(aws_on on cloudtrail lookup-events --start-time "$PUSH_STARTED" \
    --lookup-attributes AttributeKey=EventSource,AttributeValue=codecommit.amazonaws.com \
    --query 'length(Events[?starts_with(EventName, `Git`)])')
  GIT_EVENTS=$(awk -v e="$git_events" -v n="$PUSH_RUNS" 'BEGIN { printf "%.1f", e / n }')
fi
events=$(aws_on on cloudtrail lookup-events --max-results 50 --query 'length(Events)')
log "the recording server holds events (a page of lookup-events: $events); the other: $(aws_on off cloudtrail lookup-events --max-results 50 --query 'length(Events)')"

cost() { awk -v a="$1" -v b="$2" -v dir="$3" 'BEGIN { if (dir == "higher") printf "%+.1f %%", (b / a - 1) * 100; else printf "%+.1f %%", (a / b - 1) * 100 }'; }
# paired DIR "ON_RUNS" "OFF_RUNS" ["ON_RUNS" "OFF_RUNS"]...: each round's cost (the recording
# server against the other in the same round, so the machine's drift between rounds falls out),
# in %, DIR: higher or lower is better. With one pair of run lists: "MEDIAN (LOW to HIGH)", the
# median and the middle half (quartiles) of the rounds' costs. With one per pair of servers:
# "MEDIAN (pairs: A, B, C)", each pair's median cost and their median.
paired() {
  python3 - "$@" <<'PY'
import statistics, sys
direction, runs = sys.argv[1], [[float(x) for x in arg.split()] for arg in sys.argv[2:]]
pairs = [[((b / a) if direction == "higher" else (a / b)) * 100 - 100 for a, b in zip(on, off)]
         for on, off in zip(runs[0::2], runs[1::2])]
if len(pairs) == 1:
    costs = pairs[0]
    q = statistics.quantiles(costs, n=4, method="inclusive") if len(costs) > 1 else [costs[0]] * 3
    print("%+.1f (%+.1f to %+.1f)" % (statistics.median(costs), q[0], q[2]))
else:
    each = [statistics.median(costs) for costs in pairs]
    print("%+.1f (pairs: %s)" % (statistics.median(each), ", ".join("%+.1f" % c for c in each)))
PY
}
# row LABEL FORMAT DIR FIGURE ON_RUNS OFF_RUNS [ON_RUNS OFF_RUNS]...: one table row, the
# medians of every run and the paired cost (of each pair of servers, when given after the
# first two lists: every run of both servers); a target on the paired median when FIGURE is set.
row() {
  local label=$1 fmt=$2 dir=$3 figure=$4 on_runs=$5 off_runs=$6 on off med detail
  shift 4
  (($# > 2)) && shift 2
  # shellcheck disable=SC2086
  on=$(median $on_runs) off=$(median $off_runs)
  read -r med detail <<<"$(paired "$dir" "$@")"
  # shellcheck disable=SC2059
  printf "| %s | $fmt | $fmt | %s | %s %% %s |\n" "$label" "$on" "$off" "$(cost "$on" "$off" "$dir")" "$med" "$detail"
  [[ -z $figure ]] || target "audit trail's cost, $figure" "< 5 %" "${med#+} %" "$(awk -v c="$med" 'BEGIN { print (c < 5) ? 1 : 0 }')"
}
# api_row LABEL FORMAT DIR FIGURE ARRAY CALL: a row of the API's, by pair of servers.
api_row() {
  local -n runs=$5
  local args=("${runs[on,$6]}" "${runs[off,$6]}") pair
  for pair in $(seq "$PAIRS"); do args+=("${runs[$pair,on,$6]}" "${runs[$pair,off,$6]}"); done
  row "$1" "$2" "$3" "$4" "${args[@]}"
}
where="scheduler's placement"
((PIN)) && where="servers on core $((CORES - 1)), clients on 0-$((CORES - 2))"
api_runs=0
((${#CALLS[@]} == 0)) || api_runs="$PAIRS pairs of servers × $RUNS"
((${#CALLS[@]} == 0 || PAIRS > 1)) || api_runs=$RUNS
printf '\n## Audit trail cost (%s, %s API runs of %s clients, %s pushes, %s, %s)\n\n' "$(git -C "$ROOT" rev-parse --short HEAD)" "$api_runs" "$API_CLIENTS" "$PUSH_RUNS" "$where" "$(date -u +%F)"
printf 'Medians of the runs; "paired" is the median of each round'"'"'s own cost (recording against not\n'
printf 'recording in the same round). The targets use it: for the API, the median of the pairs of\n'
printf 'servers'"'"' own paired costs (each pair'"'"'s in brackets; two processes of one build can differ by\n'
printf 'several per cent for as long as they run, so one pair cannot resolve 5 %%), for the pushes (one\n'
printf 'pair) the median of the rounds, with their middle half in brackets.\n\n'
printf '| figure | recording | not recording | cost of the medians | cost, paired |\n|---|---:|---:|---:|---:|\n'
for call in "${CALLS[@]}"; do
  name=${call%%:*}
  api_row "$name rps" '%.0f' higher "$name rps" RPS "$call"
  api_row "$name p99 ms" '%.1f' lower "" P99 "$call"
  api_row "$name server CPU µs per request" '%s' lower "$name server CPU per request" CPU "$call"
done
if ((PUSH_RUNS > 0)); then
  row "push of $PUSH_MB MB, ms" '%s' lower "push of $PUSH_MB MB" "${PUSH[on]}" "${PUSH[off]}"
  row "push of $PUSH_MB MB, server CPU ms" '%s' lower "push of $PUSH_MB MB, server CPU" "${PUSH_CPU[on]}" "${PUSH_CPU[off]}"
  printf '| audit events stored per push | %s | 0 | |\n' "$GIT_EVENTS"
fi
printf '\nEvery run, in the order run (recording / not recording):\n\n'
for call in "${CALLS[@]}"; do
  for pair in $(seq "$PAIRS"); do
    of_pair=""
    ((PAIRS == 1)) || of_pair=", pair $pair"
    printf -- '- %s rps%s: %s/ %s\n' "${call%%:*}" "$of_pair" "${RPS[$pair,on,$call]}" "${RPS[$pair,off,$call]}"
    printf -- '- %s server CPU µs per request%s: %s/ %s\n' "${call%%:*}" "$of_pair" "${CPU[$pair,on,$call]}" "${CPU[$pair,off,$call]}"
  done
done
if ((PUSH_RUNS > 0)); then
  printf -- '- push ms: %s/ %s\n' "${PUSH[on]}" "${PUSH[off]}"
  printf -- '- push server CPU ms: %s/ %s\n' "${PUSH_CPU[on]}" "${PUSH_CPU[off]}"
fi
printf '\nMachine load at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
