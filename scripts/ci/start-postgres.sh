#!/usr/bin/env bash
# Starts the machine's PostgreSQL 15 (installing it from Debian if missing), idempotently,
# and creates the minhu role and the minhu_test database. Needs root. Prints the test URL.
set -euo pipefail
# Everything but the final URL goes to stderr, so callers can capture stdout as the URL.
exec 3>&1 1>&2
if ! command -v pg_ctlcluster >/dev/null || [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null 3>&-
fi
pg_lsclusters -h | awk '$1==15 && $2=="main"' | grep -q . || pg_createcluster 15 main >/dev/null 3>&-
pg_ctlcluster 15 main status >/dev/null 2>&1 || pg_ctlcluster 15 main start 3>&-
for _ in $(seq 1 50); do pg_isready -q -h /var/run/postgresql -p 5432 && break; sleep 0.2; done
runuser -u postgres -- psql -v ON_ERROR_STOP=1 -qAt >/dev/null <<'SQL'
SELECT 'CREATE ROLE minhu LOGIN PASSWORD ''minhu''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname='minhu') \gexec
ALTER ROLE minhu CREATEDB;
-- DROP DATABASE … WITH (FORCE) must also end autovacuum workers on a test database (PostgreSQL 15 checks pg_signal_backend for them).
GRANT pg_signal_backend TO minhu;
SELECT 'CREATE DATABASE minhu_test OWNER minhu' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname='minhu_test') \gexec
SQL
echo "postgres://minhu:minhu@127.0.0.1:5432/minhu_test" >&3
