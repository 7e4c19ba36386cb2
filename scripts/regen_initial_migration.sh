#!/usr/bin/env bash
# Until the first release, the schema is regenerated from the models, never adjusted by hand: the people,
# campaigns, pledges, volunteers and roles first (0001), then broadcasts and assignments (0002), then
# everything added since (0003: teens and guardians, referrals, payments, shifts, monthly feedback) — three
# revisions so that each file stays readable (under 400 lines).
set -euo pipefail
cd "$(dirname "$0")/.."
versions=storage/migrations/versions
tmp=$(mktemp -d)
export DATABASE_URL="sqlite+aiosqlite:///$tmp/empty.db"
rm -f $versions/0001_*.py $versions/0002_*.py $versions/0003_*.py
core="campaigns,people,memberships,pledges,energy_reports,volunteers,role_grants,audit_log,dashboard_spent_tokens,job_runs"
second="assignments,broadcast_schedules,assignment_responses,broadcasts,hours_entries,assignment_waves"
second="$second,broadcast_approvals,broadcast_deliveries,broadcast_schedule_firings"
HAMYAR_MIGRATION_TABLES=$core .venv/bin/alembic -c alembic.ini revision --autogenerate --rev-id 0001 \
  -m "initial schema" >/dev/null
.venv/bin/alembic -c alembic.ini upgrade 0001 >/dev/null
HAMYAR_MIGRATION_TABLES=$core,$second .venv/bin/alembic -c alembic.ini revision --autogenerate --rev-id 0002 \
  -m "broadcasts and assignments" >/dev/null
.venv/bin/alembic -c alembic.ini upgrade 0002 >/dev/null
.venv/bin/alembic -c alembic.ini revision --autogenerate --rev-id 0003 -m "teens referrals payments shifts" >/dev/null
# Alembic's "### commands auto generated - please adjust! ###" markers: these files are regenerated, never adjusted.
grep -v '^    # ### ' $versions/0001_initial_schema.py > $versions/0001_initial.py
grep -v '^    # ### ' $versions/0002_broadcasts_and_assignments.py > $versions/0002_broadcasts_assignments.py
grep -v '^    # ### ' $versions/0003_teens_referrals_payments_shifts.py > $versions/0003_teens_referrals_payments.py
rm $versions/0001_initial_schema.py $versions/0002_broadcasts_and_assignments.py \
  $versions/0003_teens_referrals_payments_shifts.py
rm -rf "$tmp"
echo "regenerated $versions/0001_initial.py, 0002_broadcasts_assignments.py and 0003_teens_referrals_payments.py"
