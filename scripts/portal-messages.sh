#!/usr/bin/env bash
# Collect the portal's and the customer e-mails' strings into locale/<lang>/LC_MESSAGES/django.po
# (existing translations are kept), then compile the .mo files. Staff screens are left out: they are
# English only. tests/portal/test_translations.py fails while any string has no translation.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
IGNORE=(.venv tests bench api inspection support intelligence odoo_testserver integrations returnflow staticfiles
        'media*' test-artifacts templates/support templates/inspection templates/registration templates/home.html
        templates/request_too_large.html)
args=()
for pattern in "${IGNORE[@]}"; do args+=(-i "$pattern/*" -i "$pattern"); done
DJANGO_DEBUG=1 "$PY" manage.py makemessages -l de -l fr -l es -l nl --no-obsolete --no-wrap "${args[@]}"
for po in locale/*/LC_MESSAGES/django.po; do
  msgfmt --check -o "${po%.po}.mo" "$po"
done
