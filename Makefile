# The two commands of the README: `make run` (the app with demo data) and `make test` (the suite).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
TEST_DATABASE_URL ?= postgres://returnflow:returnflow@127.0.0.1:5432/returnflow
# The owner role creates and migrates the test databases; the tests run as the app role above, which
# owns no table (README, "Database roles"; tests/database_roles.py).
TEST_DATABASE_OWNER_URL ?= postgres://returnflow_owner:returnflow@127.0.0.1:5432/returnflow
PYTEST_ARGS ?=

.PHONY: run test venv lint bench fleet clean

$(PY):
	$(PYTHON) -m venv $(VENV) || { sudo=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$sudo apt-get update -qq && $$sudo apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.run-installed: requirements.txt | $(PY)
	$(PY) -m pip install -q --require-hashes -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install -q --require-hashes -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

venv: $(VENV)/.run-installed

run: $(VENV)/.run-installed
	bash scripts/run-demo.sh

test: $(VENV)/.dev-installed
	bash scripts/ensure-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) DATABASE_OWNER_URL=$(TEST_DATABASE_OWNER_URL) \
		$(PY) -m pytest -n 2 -q -m "not disruptive" $(PYTEST_ARGS)
	DATABASE_URL=$(TEST_DATABASE_URL) DATABASE_OWNER_URL=$(TEST_DATABASE_OWNER_URL) \
		$(PY) -m pytest -q -m disruptive $(PYTEST_ARGS)

# The portal's and the customer e-mails' translations (locale/<lang>/LC_MESSAGES): collect new strings
# into the .po files, then compile the .mo files that ship with the code (commit both).
messages: $(VENV)/.run-installed
	command -v msgfmt >/dev/null || bash scripts/ensure-services.sh
	bash scripts/portal-messages.sh

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

# Two web nodes behind HAProxy, two workers, one beat, S3 and the Odoo sandbox; a node and a worker killed
# mid-run (bench/fleet.py). Ends with `fleet: lifecycles=N errors=0 lost=0 duplicated_postings=0 failover_s=N`.
fleet: $(VENV)/.dev-installed
	bash scripts/fleet.sh

# Issue 11 (bench/run_all.py): pgbench, lifecycles at 1/4/8 clients, query counts, growth 10 000 → 50 000,
# photos and Odoo postings; writes bench/RESULTS.md and bench/results.json (< 10 minutes on 2 cores).
bench: $(VENV)/.dev-installed
	bash scripts/ensure-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/run_all.py

# The same with the growth comparison at 10 000 → 1 000 000 returns (about half an hour more).
.PHONY: bench-full
bench-full: $(VENV)/.dev-installed
	bash scripts/ensure-services.sh
	BENCH_GROWTH_TOP=1000000 DATABASE_URL=$(TEST_DATABASE_URL) $(PY) bench/run_all.py

# Issue 16: every figure of the advisory models (intelligence/REPORT.md and its charts); no database needed.
.PHONY: intelligence-report
intelligence-report: $(VENV)/.run-installed
	DJANGO_DEBUG=1 $(PY) manage.py intelligence_report

# Backup and restore of the database (as the owner role, with its grants) and the media; needs
# DATABASE_URL (and DATABASE_OWNER_URL unless it is <user>_owner). `make restore FROM=backups/… DB=name`
# restores into a new database and checks it against the backup's manifest.
.PHONY: backup restore
backup: $(VENV)/.run-installed
	$(PY) manage.py backup $(if $(TO),--to $(TO),)

restore: $(VENV)/.run-installed
	$(PY) manage.py restore $(FROM) --database $(DB) $(if $(MEDIA),--media-root $(MEDIA),)

# The locks: requirements.in / requirements-dev.in name what we depend on; `make lock` compiles them into
# requirements.txt / requirements-dev.txt with every transitive version and its sha256 hashes, which the
# installs above require (`--require-hashes`). Commit the .in and the .txt together.
.PHONY: lock
lock: | $(PY)
	$(PY) -m pip install -q pip-tools==7.6.2
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements-dev.txt requirements-dev.in

# Known vulnerabilities in the pinned dependencies (pip-audit); says so when no database is reachable.
.PHONY: audit
audit: $(VENV)/.dev-installed
	bash scripts/audit.sh

# A few thousand postings through two real workers with faults, restarts and kills (< 10 minutes).
.PHONY: soak
soak: $(VENV)/.dev-installed
	bash scripts/ensure-services.sh
	$(PY) bench/soak.py

# Twice the sustainable rate (measured in the same run) for two minutes against gunicorn, then recovery;
# checks in PostgreSQL that nothing accepted was lost (bench/overload.py, < 10 minutes). Ends with
# `overload: requests=N ok=N shed=N errors=0 lost=0 recovered_s=N`.
.PHONY: overload
overload: $(VENV)/.dev-installed
	bash scripts/ensure-services.sh
	$(PY) bench/overload.py

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
