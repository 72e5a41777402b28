#!/usr/bin/env bash
# Regenerates a migration for both providers: ./migrations.sh NAME
# then the SQLite schema script (Migrations/Sqlite/schema.sql), and the compiled models (CompiledModels/), which the server loads instead of building the
# model at every start; CompiledModelTests fails while they differ from OnModelCreating.
# ./migrations.sh --compiled-models-only regenerates only the compiled models.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
if [ "${1:?usage: migrations.sh NAME | --compiled-models-only}" != "--compiled-models-only" ]; then
  for ctx in Sqlite Postgres; do
    dotnet ef migrations add "$1" --project src/Gitstead.Storage --context "${ctx}GitsteadDbContext" --output-dir "Migrations/$ctx"
  done
fi
# A fresh SQLite database is created from every migration as one script (DatabaseMigrator).
dotnet ef migrations script --project src/Gitstead.Storage --context SqliteGitsteadDbContext --output src/Gitstead.Storage/Migrations/Sqlite/schema.sql
sed -i '1s/^\xEF\xBB\xBF//' src/Gitstead.Storage/Migrations/Sqlite/schema.sql
for ctx in Sqlite Postgres; do
  rm -rf "src/Gitstead.Storage/CompiledModels/$ctx"
  dotnet ef dbcontext optimize --project src/Gitstead.Storage --context "${ctx}GitsteadDbContext" \
    --output-dir "CompiledModels/$ctx" --namespace "Gitstead.Storage.CompiledModels.$ctx"
done
