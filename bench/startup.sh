#!/usr/bin/env bash
# Start-up time: how long from `dotnet gitstead.dll serve` to the first 200 from /healthz.
#
#   bench/startup.sh            # RUNS=10; POSTGRES="Host=...;Username=..." adds PostgreSQL rows
#
# Each row starts a server RUNS times and prints the median and minimum wall time to /healthz
# 200, and the median CPU time (user + system) the process had used by then:
#   fresh sqlite      an empty data directory each time (migrations, first account, local CA)
#   existing sqlite   the same data directory again (schema current, account and CA there)
#   fresh/existing postgres   the same on a database made for the run (POSTGRES set)
#   reference         bench/StartupReference: an ASP.NET Core app with Kestrel, HTTPS and a
#                     /healthz route and nothing else, the floor any .NET web server starts on
# Servers listen on https://127.0.0.1:0 with no SSH (--ssh-port 0), as the integration tests
# start them; the readiness poll (bench/Shared/ready.py) tries /healthz every 10 ms from one process. Builds Release first (the build output
# is ReadyToRun-compiled) unless SKIP_BUILD=1. GITSTEAD_STARTUP_TRACE=1 in the environment adds each server's
# per-phase trace to the log directory printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}
work=$(mktemp -d /tmp/gitstead-startup.XXXXXX)
trap 'rm -rf "$work"' EXIT

if [ "${SKIP_BUILD:-}" != 1 ]; then   # SKIP_BUILD=1: measure what is built
  dotnet build src/Gitstead -c Release -v q -nologo >/dev/null
  dotnet build bench/StartupReference -c Release -v q -nologo >/dev/null
fi
server=${SERVER_DLL:-src/Gitstead/bin/Release/net10.0/gitstead.dll}
reference_dll=bench/StartupReference/bin/Release/net10.0/StartupReference.dll
mkdir -p "$work/logs"

# ready LOG CAFILE PID START_NS: waits for the port in LOG and a 200 from /healthz; prints "wall_ms cpu_ms".
ready() { python3 bench/Shared/ready.py "$@" || exit 1; }

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# gitstead KIND DATADIR [serve args...]
gitstead() {
  local name=$1 dir=$2 log start pid; shift 2
  log="$work/logs/$name-$RANDOM.log"
  start=$(date +%s%N)
  dotnet "$server" serve --data-dir "$dir" --urls https://127.0.0.1:0 --ssh-port 0 "$@" >"$log" 2>&1 &
  pid=$!
  ready "$log" "$dir/tls/ca.pem" "$pid" "$start"
  stop "$pid"
}

reference() {
  local log="$work/logs/reference-$RANDOM.log" start pid
  rm -f "$work/reference.pem"
  start=$(date +%s%N)
  dotnet "$reference_dll" "$work/reference.pem" --urls https://127.0.0.1:0 >"$log" 2>&1 &
  pid=$!
  ready "$log" "$work/reference.pem" "$pid" "$start"
  stop "$pid"
}

declare -A results
. bench/compare/target.sh
record() { results[$1]+="$2"$'\n'; }

psql_run() { python3 - "$POSTGRES" "$1" <<'PY'
import sys, subprocess
cs = dict(p.split("=", 1) for p in sys.argv[1].split(";") if p)
env = {"PGPASSWORD": cs.get("Password", "")}
args = ["psql", "-h", cs.get("Host", "localhost"), "-p", cs.get("Port", "5432"), "-U", cs.get("Username", "postgres"), "-d", "postgres", "-qc", sys.argv[2]]
import os; env.update(os.environ)
subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)
PY
}

existing="$work/existing"
gitstead warm "$existing" >/dev/null   # creates it, and warms the disk cache
reference >/dev/null
for i in $(seq "$runs"); do
  # Interleaved, so a change in the machine's load touches every row alike.
  record reference "$(reference)"
  d="$work/fresh-$i"
  record "fresh sqlite" "$(gitstead fresh "$d")"
  rm -rf "$d"
  record "existing sqlite" "$(gitstead existing "$existing")"
  if [ -n "${POSTGRES:-}" ]; then
    db="gitstead_startup_${i}_$$"
    psql_run "CREATE DATABASE $db"
    d="$work/pg-$i"
    record "fresh postgres" "$(gitstead fresh-pg "$d" --database postgres --connection-string "$POSTGRES;Database=$db")"
    record "existing postgres" "$(gitstead existing-pg "$d" --database postgres --connection-string "$POSTGRES;Database=$db")"
    rm -rf "$d"
    psql_run "DROP DATABASE $db WITH (FORCE)"
  fi
done

printf '%-18s %10s %10s %10s\n' "start" "median ms" "min ms" "cpu ms"
for row in "reference" "fresh sqlite" "existing sqlite" "fresh postgres" "existing postgres"; do
  [ -n "${results[$row]:-}" ] || continue
  printf '%s' "${results[$row]}" | python3 -c '
import sys, statistics
rows = [tuple(map(int, l.split())) for l in sys.stdin if l.strip()]
wall = [w for w, _ in rows]; cpu = [c for _, c in rows]
print(f"{sys.argv[1]:<18} {statistics.median(wall):>10.0f} {min(wall):>10} {statistics.median(cpu):>10.0f}")' "$row"
done
echo "($runs runs each; load average $(cut -d' ' -f1-3 /proc/loadavg))"
# Start-up's target: ready in under a second, on the embedded default and on an existing data directory.
for row in "fresh sqlite" "existing sqlite"; do
  ms=$(printf '%s' "${results[$row]}" | python3 -c 'import sys, statistics; print(round(statistics.median(int(l.split()[0]) for l in sys.stdin if l.strip())))')
  target "start-up to /healthz 200, $row" "< 1000 ms" "$ms ms" "$((ms < 1000 ? 1 : 0))"
done
if [ "${GITSTEAD_STARTUP_TRACE:-}" = 1 ]; then
  keep=$(mktemp -d /tmp/gitstead-startup-logs.XXXXXX); cp "$work"/logs/* "$keep"/; echo "logs: $keep"
fi
