#!/usr/bin/env python3
"""A git fast-import stream for the console page benchmark: FILES text files in nested folders,
README.md files, one large text file and one binary file, then COMMITS commits that each edit
one to three files. Deterministic (fixed seed and dates).

usage: gen_browse_repo.py FILES COMMITS | git fast-import --quiet --done
"""
import random
import sys

files, commits = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(20261202)
out = sys.stdout.buffer
paths = [f"src/mod{i // 100:02d}/pkg{i // 10 % 10}/file{i % 10}.py" for i in range(files)]
contents = {p: [f"# {p}\n"] + [f"def f{j}(x):\n    return x * {j} + {rng.randint(0, 999)}\n\n" for j in range(30)] for p in paths}
mark = 0


def blob(data: bytes) -> int:
    global mark
    mark += 1
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
    return mark


def commit(message: str, when: int, changes: list[tuple[str, int]]) -> None:
    text = message.encode()
    out.write(b"commit refs/heads/main\n")
    out.write(b"author Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\n" % (when, when))
    out.write(b"data %d\n%s\n" % (len(text), text))
    for path, m in changes:
        out.write(b"M 100644 :%d %s\n" % (m, path.encode()))
    out.write(b"\n")


start = 1_750_000_000
first = [(p, blob("".join(contents[p]).encode())) for p in paths]
first.append(("README.md", blob(b"# Bench repository\n\nFolders of generated Python, a **large** text file and a binary file.\n\n"
                                b"| folder | holds |\n|---|---|\n| src | modules |\n\n[A module](src/mod00/pkg0/file0.py)\n")))
first.append(("src/README.md", blob(b"# src\n\nThe generated modules.\n")))
first.append(("big.txt", blob("".join(f"line {i}: {'x' * rng.randint(10, 60)}\n" for i in range(5000)).encode())))
first.append(("assets/blob.bin", blob(bytes(rng.getrandbits(8) for _ in range(300_000)))))
commit("Initial import", start, first)
for n in range(1, commits):
    changed = []
    for path in rng.sample(paths, rng.randint(1, 3)):
        lines = contents[path]
        at = rng.randrange(1, len(lines))
        lines.insert(at, f"# edit {n}\n")
        if len(lines) > 40:
            del lines[rng.randrange(1, len(lines))]
        changed.append((path, blob("".join(lines).encode())))
    commit(f"Edit {', '.join(p.rsplit('/', 1)[1] for p, _ in changed)} ({n})\n\nGenerated change number {n}.", start + n * 600, changed)
out.write(b"done\n")
