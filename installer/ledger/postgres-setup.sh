#!/usr/bin/env bash
# The ledger's PostgreSQL database and its two roles, on a server IT runs.
#
#   sudo -u postgres installer/ledger/postgres-setup.sh [--db ledger] [--schema ledger]
#        [--owner ledger_owner] [--app ledger_app] [--port 5432]
#
# ledger_owner owns the schema and runs the migrations (`counter-ledger init-db`); the service
# connects as ledger_app, which may read, insert and update but is not the owner: it cannot
# drop the journal's append-only triggers, alter a table, delete or truncate anything, or
# update the journal (installer/ledger/grants.sql, applied after every init-db). Passwords come
# from LEDGER_OWNER_PASSWORD / LEDGER_APP_PASSWORD, or are asked for; never from the command line.
set -euo pipefail

db=ledger schema=ledger owner=ledger_owner app=ledger_app port=${PGPORT:-5432}
while [ $# -gt 0 ]; do
    case "$1" in
        --db) db=$2; shift 2 ;;
        --schema) schema=$2; shift 2 ;;
        --owner) owner=$2; shift 2 ;;
        --app) app=$2; shift 2 ;;
        --port) port=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "postgres-setup.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
for name in "$db" "$schema" "$owner" "$app"; do
    [[ "$name" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "postgres-setup.sh: bad name: $name" >&2; exit 2; }
done

ask() {  # ask VAR PROMPT: the variable's value, or a prompt without echo
    local value=${!1:-}
    if [ -z "$value" ]; then
        read -r -s -p "$2: " value </dev/tty; echo >&2
    fi
    [ -n "$value" ] || { echo "postgres-setup.sh: $1 is empty" >&2; exit 2; }
    printf '%s' "$value"
}
owner_pw=$(ask LEDGER_OWNER_PASSWORD "password for $owner")
app_pw=$(ask LEDGER_APP_PASSWORD "password for $app")

psql_do() { psql -p "$port" -v ON_ERROR_STOP=1 -qAtX "$@"; }

# Passwords travel as psql variables on standard input, so `ps` never shows them.
psql_do -d postgres -v owner="$owner" -v app="$app" -v owner_pw="$owner_pw" -v app_pw="$app_pw" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'owner') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'app') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'owner', :'owner_pw') \gexec
SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', :'app', :'app_pw') \gexec
SQL
# A role with CREATEROLE but not superuser (a managed PostgreSQL, or the test suite) must be a
# member of the owner role to create the database in its name.
psql_do -d postgres -v owner="$owner" <<'SQL'
SELECT format('GRANT %I TO %I', :'owner', current_user)
WHERE NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
  AND NOT pg_has_role(current_user, :'owner', 'MEMBER') \gexec
SQL
if [ "$(echo "SELECT 1 FROM pg_database WHERE datname = :'db'" | psql_do -d postgres -v db="$db")" != 1 ]; then
    psql_do -d postgres -c "CREATE DATABASE \"$db\" OWNER \"$owner\" ENCODING 'UTF8' TEMPLATE template0"
fi
psql_do -d "$db" -v db="$db" -v schema="$schema" -v owner="$owner" -v app="$app" <<'SQL'
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"owner", :"app";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"owner";
GRANT USAGE ON SCHEMA :"schema" TO :"app";
ALTER ROLE :"owner" IN DATABASE :"db" SET search_path = :"schema";
ALTER ROLE :"app" IN DATABASE :"db" SET search_path = :"schema";
SQL
echo "database $db: schema $schema owned by $owner; the service connects as $app."
echo "next: COUNTER_LEDGER_DB=postgresql+psycopg://$owner:…@HOST:$port/$db counter-ledger init-db"
echo "then: psql -d $db -U $owner -v schema=$schema -v app=$app -f installer/ledger/grants.sql"
