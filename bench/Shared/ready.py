"""Waits for a server started at START_NS to answer /healthz with 200; prints "wall_ms cpu_ms".

    python3 ready.py LOG CAFILE PID START_NS

The port is read from the server's "Now listening on: https://127.0.0.1:PORT" line in LOG, the
certificate is checked against CAFILE (which the server may still be writing), and the poll
runs every 10 ms in this one process: a poll that starts grep and curl each time takes a
good part of a core on a 2-core machine, from the server it is timing. cpu_ms is the server's
user + system time at the moment of the 200 (/proc/PID/stat).
"""
import http.client
import os
import re
import ssl
import sys
import time

log, ca, pid, start_ns = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
listening = re.compile(rb"Now listening on: https://127\.0\.0\.1:(\d+)")
port = None
context = None
while True:
    if port is None:
        try:
            with open(log, "rb") as f:
                m = listening.search(f.read())
            port = int(m.group(1)) if m else None
        except FileNotFoundError:
            pass
    if port is not None and context is None:
        try:
            context = ssl.create_default_context(cafile=ca)
        except (FileNotFoundError, ssl.SSLError):
            context = None
    if port is not None and context is not None:
        try:
            conn = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=5)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                break
        except (OSError, ssl.SSLError, http.client.HTTPException):
            pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.stderr.write(f"server exited; log: {log}\n")
        with open(log, errors="replace") as f:
            sys.stderr.write(f.read())
        sys.exit(1)
    time.sleep(0.01)

end_ns = time.time_ns()
with open(f"/proc/{pid}/stat") as f:
    fields = f.read().rsplit(")", 1)[1].split()
ticks = os.sysconf("SC_CLK_TCK")
print((end_ns - start_ns) // 1_000_000, (int(fields[11]) + int(fields[12])) * 1000 // ticks)
