#!/usr/bin/env bash
# Generates a deterministic synthetic repository: bench/gen-repo.sh small|medium|large DIR
# (about 5 MB / 100 MB / 400 MB packed). DIR becomes a bare repository, fully packed;
# the packed size is printed last.
set -euo pipefail
size=${1:?usage: gen-repo.sh small|medium|large DIR}
dir=${2:?usage: gen-repo.sh small|medium|large DIR}
case $size in small|medium|large) ;; *) echo "unknown size: $size" >&2; exit 2 ;; esac
here=$(cd "$(dirname "$0")" && pwd)
python=$(command -v python3)

[ -e "$dir" ] && { echo "$dir already exists" >&2; exit 2; }
git init -q --bare -b main "$dir"
"$python" "$here/compare/gen_repo.py" "$size" | git -C "$dir" fast-import --quiet --done
# -f: fast-import's own deltas are poor; find them again as a server's pack would have them.
git -C "$dir" repack -adfq --window=50 --depth=50
git -C "$dir" count-objects -vH >&2
echo "packed: $(du -sb "$dir/objects/pack" | cut -f1) bytes ($(du -sh "$dir/objects/pack" | cut -f1))"
