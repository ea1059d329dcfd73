-- What the ledger service's role (ledger_app) may do in the ledger's schema. Run as the schema's
-- owner after every `counter-ledger init-db` (a migration may add tables):
--   psql -d ledger -U ledger_owner -v schema=ledger -v app=ledger_app -f installer/ledger/grants.sql
-- The service reads, inserts and updates balances, bills, payments and tokens; it never deletes.
-- The journal is the history: insert only. Not being the owner, the service cannot drop or
-- disable the journal's append-only triggers, alter tables, or truncate anything.
\set ON_ERROR_STOP on
GRANT USAGE ON SCHEMA :"schema" TO :"app";
REVOKE ALL ON ALL TABLES IN SCHEMA :"schema" FROM :"app";
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA :"schema" TO :"app";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA :"schema" TO :"app";
REVOKE UPDATE ON TABLE :"schema".journal FROM :"app";
REVOKE INSERT, UPDATE ON TABLE :"schema".ledger_alembic_version FROM :"app";
