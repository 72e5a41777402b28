#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then integration tests against real server
# processes on SQLite and on a throwaway PostgreSQL cluster, driven by the real aws CLI,
# boto3 and git. Ends with one line "N passed, N failed[, N skipped]".
#
# Needs: .NET SDK (global.json), git, python3 with boto3 and the aws CLI (v1) on PATH.
# Installs PostgreSQL, openssh-client, openssh-server, libnss-wrapper, gcc (when there is no C compiler) and
# Chromium (with its driver) from Debian packages when
# missing (as root); the console tests drive that Chromium with Playwright.
# GITSTEAD_TEST_POSTGRES, when already set, is used instead of starting a cluster.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)
CONFIGURATION=Release
STARTED=$SECONDS

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 2; }

# --- tools -----------------------------------------------------------------------------

APT_UPDATED=0
apt_install() {
  [[ $(id -u) -eq 0 ]] || die "missing $*; install it (as root: apt-get install -y $*)"
  command -v apt-get >/dev/null || die "missing $* and no apt-get to install it"
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

find_pg_bin() {
  local initdb
  initdb=$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [[ -n $initdb ]] && dirname "$initdb"
}

check_tools() {
  command -v dotnet >/dev/null || die "dotnet is not on PATH (install the .NET SDK named in global.json)"
  command -v git >/dev/null || die "git is not on PATH"
  # CI shells may not load pyenv; the machine's Python with boto3 and awscli lives there.
  if ! command -v aws >/dev/null && [[ -d /root/.pyenv/shims ]]; then
    export PATH="/root/.pyenv/shims:/root/.pyenv/bin:$PATH"
  fi
  command -v python3 >/dev/null || die "python3 is not on PATH"
  python3 -c 'import boto3, botocore' 2>/dev/null \
    || die "python3 cannot import boto3 ($(command -v python3)); install boto3 for this Python"
  command -v aws >/dev/null || die "the aws CLI is not on PATH; install awscli for $(command -v python3)"
  command -v ssh-keygen >/dev/null || apt_install openssh-client
  # Git over SSH: Gitstead runs Debian's sshd itself, with nss_wrapper so key ids resolve as users.
  if [[ ! -x /usr/sbin/sshd ]]; then
    apt_install openssh-server
    # Only Gitstead's own sshd may run: stop the system service the package may have started.
    if [[ -x /etc/init.d/ssh ]]; then /etc/init.d/ssh stop >/dev/null 2>&1 || true; fi
  fi
  if ! compgen -G '/usr/lib/*/libnss_wrapper.so' >/dev/null && [[ ! -e /usr/lib/libnss_wrapper.so ]]; then
    apt_install libnss-wrapper
  fi
  # The build links gitstead-ssh, the helper sshd runs at every connection, natively: it needs a C
  # toolchain (clang, or gcc as here); without one the build makes none and SSH starts .NET twice per connection.
  if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
    apt_install gcc libc6-dev
  fi
  if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
    apt_install chromium chromium-driver
  fi
  if [[ -z ${GITSTEAD_TEST_POSTGRES:-} && -z $(find_pg_bin) ]]; then
    apt_install postgresql
  fi
}

# --- throwaway PostgreSQL ----------------------------------------------------------------

PG_DIR=""
PG_BIN=""
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_postgres() {
  PG_BIN=$(find_pg_bin)
  [[ -n $PG_BIN ]] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  PG_DIR=$(mktemp -d /tmp/gitstead-pg.XXXXXX)
  [[ $(id -u) -eq 0 ]] && chown postgres: "$PG_DIR"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
        -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        >/dev/null; then
      export GITSTEAD_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres"
      log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
      return
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt)"
  done
  cat "$PG_DIR/server.log" >&2 || true
  die "could not start PostgreSQL"
}

stop_postgres() {
  if [[ -n $PG_DIR && -d $PG_DIR ]]; then
    if [[ -f $PG_DIR/data/postmaster.pid ]]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PG_DIR"
  fi
}

RESULTS=""
cleanup() {
  stop_postgres
  [[ -n $RESULTS ]] && rm -rf "$RESULTS"
  return 0
}
trap cleanup EXIT

# --- build and test ----------------------------------------------------------------------

summarize() {
  # Sums the counters of every TRX file; prints "passed failed skipped total".
  python3 - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = total = 0
for path in sys.argv[1:]:
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    c = {k: int(v) for k, v in counters.attrib.items()}
    total += c.get("total", 0)
    passed += c.get("passed", 0)
    failed += c.get("failed", 0) + c.get("error", 0) + c.get("timeout", 0) + c.get("aborted", 0)
    skipped += c.get("notExecuted", 0) + c.get("inconclusive", 0)
print(passed, failed, skipped, total)
PY
}

list_failures() {
  # Prints each failed test's name and the first lines of its message.
  python3 - "$@" <<'PY'
import sys
import xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in sys.argv[1:]:
    for r in ET.parse(path).getroot().iter("{%s}UnitTestResult" % ns["t"]):
        if r.get("outcome") in ("Passed", "NotExecuted", "Inconclusive"):
            continue
        message = r.find("t:Output/t:ErrorInfo/t:Message", ns)
        lines = (message.text or "").strip().splitlines() if message is not None else []
        print("FAILED %s (%s)" % (r.get("testName"), r.get("duration")))
        for line in lines[:6]:
            print("    " + line[:300])
PY
}

list_slowest() {
  # Prints the test classes that took longest (the sum of their tests' durations), to show where suite time goes.
  python3 - "$@" <<'PY'
import collections
import sys
import xml.etree.ElementTree as ET
ns = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
spent = collections.Counter()
def seconds(d):
    h, m, s = d.split(":")
    return int(h) * 3600 + int(m) * 60 + float(s)
for path in sys.argv[1:]:
    for r in ET.parse(path).getroot().iter(ns + "UnitTestResult"):
        name = r.get("testName").split("(")[0]
        spent[name.rsplit(".", 1)[0]] += seconds(r.get("duration", "0:0:0"))
print("slowest test classes (sum of their tests' durations):")
for name, total in spent.most_common(15):
    print("  %7.1f s  %s" % (total, name))
PY
}

run_tests() {
  local name=$1 project=$2
  log "dotnet test $project"
  # --blame-hang-timeout: a hung test fails with its name instead of stalling CI.
  dotnet test "$project" -c "$CONFIGURATION" --no-build --nologo \
    --results-directory "$RESULTS/$name" \
    --logger "trx;LogFileName=$name.trx" \
    --logger "console;verbosity=normal" \
    --blame-hang-timeout 10m --blame-hang-dump-type none \
    </dev/null || TEST_FAILURES=$((TEST_FAILURES + 1))
}

check_tools
if [[ -z ${GITSTEAD_TEST_POSTGRES:-} ]]; then
  start_postgres
fi
RESULTS=$(mktemp -d /tmp/gitstead-results.XXXXXX)

log "dotnet build ($CONFIGURATION)"
if ! dotnet build "$ROOT/Gitstead.slnx" -c "$CONFIGURATION" --nologo -v minimal </dev/null; then
  log "the build failed; no tests ran"
  echo "0 passed, 0 failed"
  exit 1
fi

TEST_FAILURES=0
# House rule: the tree is `dotnet format` clean; a violation fails the run like a failed test.
log "dotnet format --verify-no-changes"
if ! dotnet format "$ROOT/Gitstead.slnx" --verify-no-changes --no-restore -v quiet </dev/null >&2; then
  log "dotnet format found changes to make: run 'dotnet format Gitstead.slnx'"
  TEST_FAILURES=$((TEST_FAILURES + 1))
fi

run_tests unit tests/Gitstead.UnitTests/Gitstead.UnitTests.csproj
run_tests integration tests/Gitstead.IntegrationTests/Gitstead.IntegrationTests.csproj
run_tests console tests/Gitstead.ConsoleTests/Gitstead.ConsoleTests.csproj

mapfile -t TRX < <(find "$RESULTS" -name '*.trx' | sort)
if [[ ${#TRX[@]} -lt 3 ]]; then
  log "expected three TRX files, found ${#TRX[@]}: a test run did not complete"
  TEST_FAILURES=$((TEST_FAILURES + 1))
fi
read -r PASSED FAILED SKIPPED TOTAL < <(if [[ ${#TRX[@]} -gt 0 ]]; then summarize "${TRX[@]}"; else echo 0 0 0 0; fi)

if [[ ${#TRX[@]} -gt 0 ]]; then
  list_slowest "${TRX[@]}" >&2 || true
fi
# The names of failed tests come last, where a log viewer that shows only the end sees them.
if [[ $FAILED -gt 0 && ${#TRX[@]} -gt 0 ]]; then
  list_failures "${TRX[@]}"
fi
log "finished in $((SECONDS - STARTED))s"
if [[ $SKIPPED -gt 0 ]]; then
  echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
else
  echo "$PASSED passed, $FAILED failed"
fi

if [[ $FAILED -gt 0 || $TEST_FAILURES -gt 0 || $TOTAL -eq 0 || $PASSED -eq 0 ]]; then
  exit 1
fi
