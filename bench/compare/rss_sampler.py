#!/usr/bin/env python3
"""Samples the resident memory of process trees until told to stop.

usage: rss_sampler.py OUT.json NAME=PID[,PID...] [NAME=PID...] [--interval 0.02] [--own NAME]

Every interval it reads /proc, finds each named group's processes (the given PIDs and
all their descendants) and splits them in two: git processes (the command name starts
with "git": git, git-http-backend, upload-pack, pack-objects, index-pack, ...) and the
rest (the server's own processes: dotnet, nginx, fcgiwrap). For each group it keeps
the peak of the sum of the rest's RSS, the peak of the sum of the git processes' RSS
and the largest single git process (its VmHWM, so a peak between two samples counts).
--own NAME: the group's own memory is its listed processes only. A child that is not git is
then a fork on its way to exec'ing git, whose resident set is the parent's pages counted a
second time, and is left out.
Git processes that maintain a repository (git repack, git commit-graph, git multi-pack-index,
and their children) are kept apart as "maintenance": work a server does after a push, not
the push itself.
It writes OUT.json (kilobytes) when it gets SIGTERM or SIGINT, and touches OUT.json.ready
after its first sample so the caller knows it is running.
"""
import json
import os
import signal
import sys
import time

PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def processes():
    """pid -> (ppid, comm) for every process readable now."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # comm is in parentheses and may hold spaces or parentheses itself.
        open_paren, close_paren = stat.find(b"("), stat.rfind(b")")
        comm = stat[open_paren + 1:close_paren].decode(errors="replace")
        ppid = int(stat[close_paren + 2:].split()[1])
        table[int(entry)] = (ppid, comm)
    return table


def tree(table, roots):
    children = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    seen, todo = set(), [p for p in roots if p in table]
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        todo.extend(children.get(pid, ()))
    return seen


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_KB
    except (OSError, IndexError, ValueError):
        return 0


def hwm_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


MAINTENANCE = (b"repack", b"commit-graph", b"multi-pack-index")


def is_maintenance(pid, table):
    """True for git repack / commit-graph / multi-pack-index and the processes they run."""
    while pid in table and table[pid][1].startswith("git"):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            return False
        if any(a in MAINTENANCE for a in argv[1:8]):
            return True
        pid = table[pid][0]
    return False


def main():
    args = [a for a in sys.argv[1:]]
    interval = 0.02
    if "--interval" in args:
        i = args.index("--interval")
        interval = float(args[i + 1])
        del args[i:i + 2]
    own = set()
    while "--own" in args:
        i = args.index("--own")
        own.add(args[i + 1])
        del args[i:i + 2]
    out, specs = args[0], args[1:]
    groups = {}
    for spec in specs:
        name, pids = spec.split("=", 1)
        groups[name] = [int(p) for p in pids.split(",") if p]
    peaks = {name: {"server_kb": 0, "git_sum_kb": 0, "git_max_kb": 0, "git_max_comm": "",
                    "git_processes_max": 0, "server_processes": 0, "maintenance_sum_kb": 0} for name in groups}
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    samples = 0
    started = time.monotonic()
    while not stop:
        table = processes()
        for name, roots in groups.items():
            peak = peaks[name]
            server = git = git_count = server_count = maintenance = 0
            for pid in tree(table, roots):
                rss = rss_kb(pid)
                comm = table[pid][1]
                if comm.startswith("git") and is_maintenance(pid, table):
                    maintenance += rss
                elif not comm.startswith("git") and name in own and pid not in roots:
                    continue
                elif comm.startswith("git"):
                    git += rss
                    git_count += 1
                    hwm = max(rss, hwm_kb(pid))
                    if hwm > peak["git_max_kb"]:
                        peak["git_max_kb"], peak["git_max_comm"] = hwm, comm
                else:
                    server += rss
                    server_count += 1
            peak["server_kb"] = max(peak["server_kb"], server)
            peak["server_processes"] = max(peak["server_processes"], server_count)
            peak["git_sum_kb"] = max(peak["git_sum_kb"], git)
            peak["git_processes_max"] = max(peak["git_processes_max"], git_count)
            peak["maintenance_sum_kb"] = max(peak["maintenance_sum_kb"], maintenance)
        samples += 1
        if samples == 1:
            open(out + ".ready", "w").close()
        time.sleep(interval)
    elapsed = time.monotonic() - started
    with open(out, "w") as f:
        json.dump({"samples": samples, "seconds": round(elapsed, 3),
                   "interval_ms": round(1000 * elapsed / max(samples, 1), 1), "groups": peaks}, f)


if __name__ == "__main__":
    main()
