#!/bin/sh
# First start of the Compose Postgres (docker-entrypoint-initdb.d): one database per service, each owned
# by its own login role, and no other role may connect to it (a service never reads another's tables).
set -eu
for service in registry proposals events notifications; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="collabo_$service" -v password="$COLLABO_DB_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
