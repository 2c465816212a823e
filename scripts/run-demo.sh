#!/usr/bin/env bash
# `make run`: the app on the embedded default (SQLite, in-process tasks, local media, console
# e-mail) with demo data, and a labelled Odoo test sandbox so that postings visibly land in "Odoo".
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
SANDBOX_PORT="${SANDBOX_PORT:-8169}"

export DJANGO_DEBUG=1 DATABASE_URL="sqlite:///$PWD/db.sqlite3" CELERY_BROKER_URL=memory:// \
  EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend MEDIA_ROOT="$PWD/media" \
  RETURNFLOW_PUBLIC_URL="http://127.0.0.1:$PORT"

$PY manage.py migrate --no-input -v0
ODOO_URL= $PY manage.py seed_demo

$PY manage.py odoo_sandbox --port "$SANDBOX_PORT" &
SANDBOX_PID=$!
trap 'kill $SANDBOX_PID 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 50); do
  (echo > "/dev/tcp/127.0.0.1/$SANDBOX_PORT") 2>/dev/null && break
  sleep 0.2
done

export ODOO_URL="http://127.0.0.1:$SANDBOX_PORT" ODOO_DB=returns_lab ODOO_USER=admin \
  ODOO_API_KEY=sandbox0admin0api0key00000000000000000000 ODOO_SANDBOX=1
$PY manage.py outbox_replay | tail -1

cat <<TXT

  Returnflow is running on http://127.0.0.1:$PORT   (password for every demo login: demo1234)
    customer portal   http://127.0.0.1:$PORT/portal/    alice  (order S10002, alice@example.com; S10001 is final sale: the exception path)
    warehouse tablet  http://127.0.0.1:$PORT/inspect/   inspector
    support console   http://127.0.0.1:$PORT/support/   support, finance
    Odoo postings     http://127.0.0.1:$PORT/support/outbox/
    admin             http://127.0.0.1:$PORT/admin/     admin
    API docs          http://127.0.0.1:$PORT/api/docs/
  Odoo: a demo sandbox on http://127.0.0.1:$SANDBOX_PORT (NOT a real Odoo; see README "Connecting to Odoo").

TXT
$PY manage.py runserver "127.0.0.1:$PORT"
