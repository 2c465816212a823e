#!/usr/bin/env bash
# Collect the portal's and the customer e-mails' strings into locale/<lang>/LC_MESSAGES/django.po
# (existing translations are kept), then compile the .mo files (portal/management/commands/portal_messages.py).
set -euo pipefail
cd "$(dirname "$0")/.."
DJANGO_DEBUG=1 "${PY:-.venv/bin/python}" manage.py portal_messages "$@"
