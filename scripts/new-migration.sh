#!/usr/bin/env bash
# Creates a migration for both providers after prisma/models.prisma changed:
#   npm run db:migration -- <name>
# Each provider's migrations are replayed on a throwaway database, then diffed against
# the schema. PostgreSQL comes from PG_ADMIN_URL (default: local server, trust auth).
set -euo pipefail
name=${1:?usage: npm run db:migration -- <name>}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
node scripts/prisma-schema.mjs
tmp=$(mktemp -d)
pg_admin=${PG_ADMIN_URL:-postgresql://postgres@127.0.0.1:5432/postgres}
pg_db="parley_migration_$$"
cleanup() {
  rm -rf "$tmp"
  psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true
}
trap cleanup EXIT

DATABASE_URL="file:$tmp/dev.db" scripts/prisma.sh migrate dev --name "$name"
psql "$pg_admin" -qc "CREATE DATABASE $pg_db" >/dev/null
DATABASE_URL="${pg_admin%/*}/$pg_db" scripts/prisma.sh migrate dev --name "$name"
npm run --silent db:generate
