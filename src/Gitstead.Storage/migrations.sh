#!/usr/bin/env bash
# Regenerates a migration for both providers: ./migrations.sh NAME
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
for ctx in Sqlite Postgres; do
  dotnet ef migrations add "$1" --project src/Gitstead.Storage --context "${ctx}GitsteadDbContext" --output-dir "Migrations/$ctx"
done
