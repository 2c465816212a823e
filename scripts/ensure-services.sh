#!/usr/bin/env bash
# Makes sure PostgreSQL, Redis and Chromium are there for the test suite: starts them when they
# are installed, installs them (Debian) when they are not. Idempotent; safe to run every time.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "Installing PostgreSQL..."; apt_install postgresql
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "Starting PostgreSQL..."
  as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi
pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL did not start" >&2; exit 1; }

# The two database roles (README, "Database roles"): `returnflow_owner` owns the schema and runs the
# migrations (it creates the test databases, so it may CREATEDB); `returnflow` is the app's role and
# owns nothing, so it cannot TRUNCATE, ALTER or DISABLE TRIGGER. Password login over TCP works with both
# trust and scram pg_hba set-ups.
psql_admin() {
  if psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1" >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -tAc "$1"
  else
    as_root runuser -u postgres -- psql -d postgres -v ON_ERROR_STOP=1 -tAc "$1"
  fi
}
# Both have the password `returnflow` (development and CI only): DATABASE_OWNER_URL's default is
# DATABASE_URL with the user `<user>_owner` and the same password.
ensure_role() {  # name, attributes
  if [ "$(psql_admin "select 1 from pg_roles where rolname='$1'")" != "1" ]; then
    psql_admin "create role $1 $2 password 'returnflow'" >/dev/null
  fi
}
ensure_role returnflow_owner "login createdb"
# CREATEDB only because bench/scale_bench.py still makes its own database as this role.
ensure_role returnflow "login createdb"
# The owner may act for the app role (never the other way round), so it can drop a test database
# left behind from before the two roles; it gives the app role nothing.
psql_admin "grant returnflow to returnflow_owner" >/dev/null 2>&1 || true
if [ "$(psql_admin "select 1 from pg_database where datname='returnflow'")" != "1" ]; then
  psql_admin "create database returnflow owner returnflow_owner" >/dev/null
fi

# Redis (the Celery broker for the real-worker tests)
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing Redis..."; apt_install redis-server
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis..."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
  for _ in $(seq 1 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi

# msgfmt: the tests check that every locale/*/django.po compiles and matches its committed .mo.
if ! command -v msgfmt >/dev/null; then
  echo "Installing gettext..."; apt_install gettext
fi
# Chromium for the browser tests (Debian's; Playwright never downloads a browser here).
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium..."; apt_install chromium fonts-dejavu-core
fi
# axe-core for the portal's accessibility check in the browser tests (from the npm registry, pinned).
AXE_DIR="$(dirname "$0")/../.cache/axe"
if [ ! -f "$AXE_DIR/node_modules/axe-core/axe.min.js" ]; then
  command -v npm >/dev/null || apt_install npm
  echo "Installing axe-core..."; npm install --silent --no-audit --no-fund --prefix "$AXE_DIR" axe-core@4.10.2 >/dev/null
fi
echo "Services ready: PostgreSQL, Redis, Chromium."
