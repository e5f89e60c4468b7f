#!/bin/sh
# Runs once, when the postgres service starts on a new volume: the app's two roles and its database, owned by the owner
# role. The app migrates as the owner and grants its own role what it needs (src/infra/database/migrate.ts); neither
# is a superuser, and the app is given no superuser connection.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set owner_password="$KPIV_OWNER_PASSWORD" --set app_password="$KPIV_APP_PASSWORD" <<'SQL'
CREATE ROLE kpiv_owner LOGIN PASSWORD :'owner_password';
CREATE ROLE kpiv_app LOGIN PASSWORD :'app_password';
CREATE DATABASE kpi_verification OWNER kpiv_owner;
\connect kpi_verification
ALTER SCHEMA public OWNER TO kpiv_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
