#!/bin/sh
# Run once by the postgres image on a new volume (/docker-entrypoint-initdb.d).
# Two roles (issue 16): xinfang_owner owns the schema and runs migrations;
# xinfang_app runs the web app, worker and beat. The app role gets the usual
# privileges on every table the owner creates; after each migrate, the
# post_migrate hook (audit.grants) takes back UPDATE, DELETE and TRUNCATE on the
# audit tables, so the app can only INSERT and SELECT there, and cannot drop
# or disable their triggers (only a table's owner can).
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<EOSQL
CREATE ROLE xinfang_owner LOGIN PASSWORD '${XINFANG_OWNER_PASSWORD}';
CREATE ROLE xinfang_app LOGIN PASSWORD '${XINFANG_APP_PASSWORD}';
ALTER DATABASE ${POSTGRES_DB} OWNER TO xinfang_owner;
ALTER SCHEMA public OWNER TO xinfang_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT CONNECT ON DATABASE ${POSTGRES_DB} TO xinfang_app;
GRANT USAGE ON SCHEMA public TO xinfang_app;
ALTER DEFAULT PRIVILEGES FOR ROLE xinfang_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO xinfang_app;
ALTER DEFAULT PRIVILEGES FOR ROLE xinfang_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO xinfang_app;
EOSQL
