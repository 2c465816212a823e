#!/usr/bin/env bash
# `make fleet`: the app as a fleet on this machine (bench/fleet.py says what runs). Makes sure PostgreSQL
# and Redis run (scripts/ensure-services.sh) and HAProxy is installed (Debian's package), then runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
bash scripts/ensure-services.sh >/dev/null
if ! command -v haproxy >/dev/null 2>&1; then
  echo "Installing HAProxy..."
  as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq haproxy >/dev/null
fi
# Only our own haproxy runs (in the foreground, stopped with the run): never the packaged service.
exec timeout --signal=TERM --kill-after=15 "$(( ${FLEET_TIMEOUT_SECONDS:-280} + 15 ))" .venv/bin/python bench/fleet.py
