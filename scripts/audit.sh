#!/usr/bin/env bash
# `make audit`: the pinned dependencies against a vulnerability database (pip-audit). Where no database
# can be reached (a closed network, or a package index without PyPI's JSON API), it says so plainly
# and exits 2 instead of reporting a clean bill it could not check.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
[ -x .venv/bin/pip-audit ] || .venv/bin/pip install -q pip-audit >/dev/null
out=$(.venv/bin/pip-audit -r requirements.txt -r requirements-dev.txt --progress-spinner off 2>&1)
status=$?
total=$(grep -cvE '^\s*$' requirements.txt requirements-dev.txt | awk -F: '{s+=$2} END {print s}')
skipped=$(grep -c "could not be audited" <<<"$out")
audited_none=$(grep -c "No known vulnerabilities found" <<<"$out")
if [ "$skipped" -gt 0 ] && [ "$audited_none" -eq 1 ] && ! grep -qE '^[a-z0-9._-]+ +[0-9][^ ]* +(PYSEC|GHSA|CVE)' <<<"$out"; then
  echo "$out" | grep -v "could not be audited" | sed '/^Name *Skip Reason/,$d'
  echo "audit: vulnerability database not reachable for $skipped packages (the index here has no PyPI JSON API);"
  echo "audit: those were NOT checked. Run \`make audit\` where pypi.org or osv.dev can be reached."
  exit 2
fi
echo "$out"
exit $status
