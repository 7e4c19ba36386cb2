#!/usr/bin/env bash
# Until the first release, the schema is one initial revision regenerated from the models.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f storage/migrations/versions/0001_initial.py
DATABASE_URL="sqlite+aiosqlite:///$tmp/empty.db" .venv/bin/alembic -c alembic.ini revision \
  --autogenerate --rev-id 0001 -m "initial schema" >/dev/null
# Alembic's "### commands auto generated - please adjust! ###" markers: this file is regenerated, never adjusted.
grep -v '^    # ### ' storage/migrations/versions/0001_initial_schema.py > storage/migrations/versions/0001_initial.py
rm storage/migrations/versions/0001_initial_schema.py
rm -rf "$tmp"
echo "regenerated storage/migrations/versions/0001_initial.py"
