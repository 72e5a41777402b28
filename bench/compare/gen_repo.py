#!/usr/bin/env python3
"""Writes a git fast-import stream for a deterministic synthetic repository.

usage: gen_repo.py small|medium|large > stream

The same size always yields the same stream (fixed seed, fixed dates), so the
same commits and the same pack. Text files are edited commit after commit, so
the pack is mostly deltas; a few incompressible binary blobs sit beside them.
"""
import random
import sys

SIZES = {
    # files, commits, edits per commit, binary blobs, binary blob size
    "small": (300, 600, 8, 4, 400_000),
    "medium": (3_000, 3_000, 12, 12, 6_500_000),
    "large": (10_000, 8_000, 16, 20, 16_000_000),
}
WORDS = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi "
         "omicron pi rho sigma tau upsilon phi chi psi omega repository commit branch "
         "merge rebase object blob tree tag pack index delta stream server client "
         "request response header body token policy user group role account").split()
EPOCH = 1_700_000_000


def line(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14))) + "\n"


def new_file(rng):
    return [line(rng) for _ in range(rng.randint(40, 400))]


def edit(rng, lines):
    for _ in range(rng.randint(1, 5)):
        op = rng.random()
        at = rng.randrange(len(lines) + 1)
        if op < 0.5 or len(lines) < 10:
            lines[at:at] = [line(rng) for _ in range(rng.randint(1, 8))]
        elif op < 0.8:
            del lines[at:at + rng.randint(1, 4)]
        else:
            lines[min(at, len(lines) - 1)] = line(rng)


def blob(out, mark, data):
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)))
    out.write(data)
    out.write(b"\n")


def main():
    size = sys.argv[1] if len(sys.argv) > 1 else "small"
    files, commits, edits, binaries, binary_size = SIZES[size]
    rng = random.Random(f"gitstead-bench-{size}")
    out = sys.stdout.buffer
    paths = [f"src/m{i % 37:02d}/file{i:05d}.txt" for i in range(files)]
    content = {}
    mark = 0
    parent = None
    for c in range(commits):
        changed = {}
        if c == 0:
            for p in paths:
                content[p] = new_file(rng)
                changed[p] = content[p]
        else:
            for p in rng.sample(paths, edits):
                edit(rng, content[p])
                changed[p] = content[p]
        modifies = []
        for p, lines in changed.items():
            mark += 1
            blob(out, mark, "".join(lines).encode())
            modifies.append((p, mark))
        # Binary blobs spread over history: replaced, so each one is a new object.
        if binaries and c % max(1, commits // binaries) == commits // binaries // 2:
            mark += 1
            blob(out, mark, rng.randbytes(binary_size))
            modifies.append((f"assets/bin{c % 4}.dat", mark))
        mark += 1
        when = EPOCH + c * 600
        msg = f"Change {c}: {line(rng).strip()}\n".encode()
        out.write(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.write(b"author Bench Author <bench@example.com> %d +0000\n" % when)
        out.write(b"committer Bench Author <bench@example.com> %d +0000\n" % when)
        out.write(b"data %d\n%s" % (len(msg), msg))
        if parent is not None:
            out.write(b"from :%d\n" % parent)
        for p, m in modifies:
            out.write(b"M 100644 :%d %s\n" % (m, p.encode()))
        out.write(b"\n")
        parent = mark
    out.write(b"done\n")


if __name__ == "__main__":
    main()
