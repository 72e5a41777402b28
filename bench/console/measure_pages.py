#!/usr/bin/env python3
"""Times the console's code browser pages on one keep-alive HTTPS connection, signed in as the
account root, and the git commands the pages run, for comparison. Prints a Markdown table.

usage: measure_pages.py BASE CA_FILE DATA_DIR REPOSITORY BARE_REPO RUNS
"""
import http.client
import json
import re
import ssl
import statistics
import subprocess
import sys
import time
import urllib.parse

base, ca, data_dir, name, bare, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
host = urllib.parse.urlsplit(base)
conn = http.client.HTTPSConnection(host.hostname, host.port, context=ssl.create_default_context(cafile=ca))
cookies: dict[str, str] = {}


def request(method: str, path: str, body: str | None = None) -> tuple[int, bytes]:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read()
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            cookies[key] = rest.split(";", 1)[0]
    return response.status, content


def sign_in() -> None:
    initial = json.load(open(f"{data_dir}/initial-credentials.json"))
    _, page = request("GET", "/console/sign-in?as=root")
    token = re.search(rb'name="__RequestVerificationToken" type="hidden" value="([^"]+)"', page).group(1).decode()
    form = urllib.parse.urlencode({"Email": initial["rootEmail"], "Password": initial["rootPassword"], "__RequestVerificationToken": token})
    status, _ = request("POST", "/console/sign-in?as=root", form)
    assert status == 302, f"sign-in answered {status}"


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", bare, *args], check=True, capture_output=True, text=True).stdout.strip()


def timed(action) -> list[float]:
    for _ in range(3):
        action()  # warm: compiled code, cat-file processes, page caches
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def row(what: str, samples: list[float], size: str) -> str:
    ordered = sorted(samples)
    p90 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]
    return f"| {what} | {statistics.median(ordered):.1f} | {p90:.1f} | {size} |"


sign_in()
head = git("rev-parse", "main")
typical = git("rev-parse", "main~10")
root = git("rev-list", "--max-parents=0", "main")
repo = f"/console/codecommit/repositories/{name}"
pages = [
    ("baseline: repositories list (database only, no git)", "/console/codecommit/repositories?region=us-east-1"),
    ("baseline: settings (database only, no git)", f"{repo}/settings?region=us-east-1"),
    ("folder: root (4 entries, README rendered)", f"{repo}/browse?region=us-east-1"),
    ("folder: src/mod07/pkg3 (10 files)", f"{repo}/browse/main/src/mod07/pkg3?region=us-east-1"),
    ("folder: src (30 folders, README rendered)", f"{repo}/browse/main/src?region=us-east-1"),
    ("file: src/mod07/pkg3/file4.py (about 100 lines)", f"{repo}/browse/main/src/mod07/pkg3/file4.py?region=us-east-1"),
    ("file: big.txt (5,000 lines, 190 KB)", f"{repo}/browse/main/big.txt?region=us-east-1"),
    ("file: assets/blob.bin (binary, 300 KB: not read)", f"{repo}/browse/main/assets/blob.bin?region=us-east-1"),
    ("commit: main~10 (1 to 3 files changed)", f"{repo}/commit/{typical}?region=us-east-1"),
    ("commit: the root commit (3,004 files added)", f"{repo}/commit/{root}?region=us-east-1"),
    ("commits: newest 50 of main", f"{repo}/commits?region=us-east-1"),
    ("commits: history of one file", f"{repo}/commits/main?region=us-east-1&path=src/mod07/pkg3/file4.py"),
    ("raw: big.txt (streamed)", f"{repo}/raw/main/big.txt?region=us-east-1"),
]
print(f"Pages ({runs} runs each after 3 unmeasured; ms from request to the last byte, one keep-alive HTTPS connection on loopback):\n")
print("| page | median ms | p90 ms | response |")
print("|---|---:|---:|---:|")
for what, path in pages:
    status, body = request("GET", path)
    assert status == 200, f"{path} answered {status}"
    print(row(what, timed(lambda p=path: request("GET", p)), f"{len(body) // 1024} KB"), flush=True)

commands = [
    ("git for-each-ref refs/heads/ refs/tags/ (branch and tag selector)", ["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads/", "refs/tags/"]),
    ("git diff-tree -r -p main~11 main~10 (a commit's diff)", ["diff-tree", "-r", "-z", "--raw", "--no-renames", "-p", "--full-index", f"{typical}~1", typical]),
    ("git diff-tree -r -p EMPTY root (the root commit's diff)", ["diff-tree", "-r", "-z", "--raw", "--no-renames", "-p", "--full-index", "4b825dc642cb6eb9a060e54bf8d69288fbee4904", root]),
    ("git rev-list --max-count=51 main (a history page)", ["rev-list", "--max-count=51", head]),
    ("git rev-list main -- one file (a file's history)", ["rev-list", head, "--", "src/mod07/pkg3/file4.py"]),
    ("git cat-file -p main^{tree} (a new process per read)", ["cat-file", "-p", f"{head}^{{tree}}"]),
]
print(f"\ngit itself ({runs} runs each; ms for the whole process, as the server spawns it):\n")
print("| command | median ms | p90 ms | output |")
print("|---|---:|---:|---:|")
for what, args in commands:
    output = subprocess.run(["git", "-C", bare, *args], check=True, capture_output=True).stdout
    print(row(what, timed(lambda a=args: subprocess.run(["git", "-C", bare, *a], check=True, capture_output=True)), f"{len(output) // 1024} KB"), flush=True)
