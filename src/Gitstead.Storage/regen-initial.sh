#!/usr/bin/env bash
# While nothing has been released, the schema is one "Initial" migration per provider.
# After changing an entity, run this to regenerate both (serialized with a lock).
set -euo pipefail
cd "$(dirname "$0")"
exec 9>/tmp/gitstead-migrations.lock
flock 9
rm -rf Migrations/Sqlite Migrations/Postgres
./migrations.sh Initial
