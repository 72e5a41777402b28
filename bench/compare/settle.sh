# Sourced by the benchmarks: settle_git PID waits until the process PID has had no git child for
# two checks in a row, 50 ms apart (Gitstead's repository maintenance runs in the background after
# a push), at most 10 minutes, so that each measured operation starts on an idle server. A wait
# that saw a git process is added to SETTLE_MS and SETTLE_COUNT, for the script to report.
SETTLE_MS=${SETTLE_MS:-0} SETTLE_COUNT=${SETTLE_COUNT:-0}
settle_git() {
  local t0 quiet=0 seen=0
  t0=$(date +%s%N)
  for _ in $(seq 12000); do
    # git processes only: Gitstead's sshd is a child for as long as the server runs.
    if pgrep -x -P "$1" 'git.*' >/dev/null; then
      quiet=0 seen=1
    else
      quiet=$((quiet + 1))
      ((quiet >= 2)) && break
    fi
    sleep 0.05
  done
  if ((seen)); then
    SETTLE_MS=$((SETTLE_MS + ($(date +%s%N) - t0) / 1000000))
    SETTLE_COUNT=$((SETTLE_COUNT + 1))
  fi
}
