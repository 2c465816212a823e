#!/bin/sh
# First start of the compose PostgreSQL: the two roles of README "Database roles" and the database.
set -eu
psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE ROLE returnflow_owner LOGIN PASSWORD '${RETURNFLOW_OWNER_PASSWORD}';
CREATE ROLE returnflow LOGIN PASSWORD '${RETURNFLOW_APP_PASSWORD}';
CREATE DATABASE returnflow OWNER returnflow_owner;
SQL
