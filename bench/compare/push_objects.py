#!/usr/bin/env python3
"""Writes a git fast-import stream: one commit on top of main adding MB mebibytes of
incompressible blobs (4 MiB each, the last one smaller), the same bytes every time.

usage: push_objects.py MB | git fast-import --done
"""
import random
import sys

BLOB = 4 << 20


def main():
    total = int(float(sys.argv[1] if len(sys.argv) > 1 else "100") * (1 << 20))
    rng = random.Random("gitstead-bench-push")
    out = sys.stdout.buffer
    out.write(b"commit refs/heads/main\n")
    out.write(b"author Bench Author <bench@example.com> 1800000000 +0000\n")
    out.write(b"committer Bench Author <bench@example.com> 1800000000 +0000\n")
    message = b"Random blobs for the push benchmark\n"
    out.write(b"data %d\n%s" % (len(message), message))
    out.write(b"from refs/heads/main^0\n")
    i = 0
    while total > 0:
        n = min(BLOB, total)
        out.write(b"M 100644 inline push/blob%03d.bin\ndata %d\n" % (i, n))
        out.write(rng.randbytes(n))
        out.write(b"\n")
        total -= n
        i += 1
    out.write(b"\ndone\n")


if __name__ == "__main__":
    main()
