#!/usr/bin/env bash
# Adds a migration with the same name to both providers: scripts/add-migration.sh Name
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/CommunityGrid --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite
dotnet ef migrations add "$name" --project src/CommunityGrid --context PostgresAppDbContext --output-dir Data/Migrations/Postgres
