# WeMi Community. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
REDIS ?= redis://127.0.0.1:6379/0
# The suite runs in this many processes (pytest-xdist; "auto": one per core, at most 4), each
# with its own test database and Redis database; TEST_WORKERS=0 runs it in this process.
TEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --maxprocesses 4)

.DEFAULT_GOAL := help
.PHONY: help install run test test-instants test-services test-fast browser lint format messages vendor \
        check-deploy lock seed clean bench backup restore audit

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
	  awk 'BEGIN {FS = ":.*?## "} {printf "  \033[1m%-15s\033[0m %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	@touch $@

install: $(VENV)/.installed ## Create .venv and install the pinned dependencies

# scripts/serve.py gives SITE_URL (links in e-mails, PDFs, tasks) the same host and port,
# unless SITE_URL is set: `make run PORT=8765` mails links to http://127.0.0.1:8765.
run: install ## Migrate, load the demo and serve on http://$(HOST):$(PORT) with the task worker
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py update_index >/dev/null
	$(PY) scripts/serve.py --host $(HOST) --port $(PORT)

seed: install ## Load (or refresh) the demo data
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py update_index >/dev/null

browser: ## Make sure Chromium is there for the browser tests
	@scripts/ensure_chromium.sh

test: install browser ## Run the whole suite on SQLite, no services needed
	env -u DATABASE_URL -u REDIS_URL $(PYTEST)

test-fast: install ## Run the suite without the browser tests
	env -u DATABASE_URL -u REDIS_URL $(PYTEST) -m "not browser"

test-instants: install browser ## Run the whole suite with the clock at each instant of tests/instants.py
	@failed=""; \
	for instant in $$($(PY) -c 'from tests.instants import INSTANTS; print(*INSTANTS)'); do \
	  echo "== WEMI_TEST_NOW=$$instant =="; \
	  WEMI_TEST_NOW=$$instant env -u DATABASE_URL -u REDIS_URL $(PYTEST) -q $(PYTEST_ARGS) \
	    || failed="$$failed $$instant"; \
	done; \
	if [ -n "$$failed" ]; then echo "Failed at:$$failed"; exit 1; fi

test-services: install browser ## Run the whole suite on PostgreSQL and Redis, then audit the dependencies
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} REDIS_URL=$${REDIS_URL:-$(REDIS)} \
	  WEMI_EXPECT_SERVICES=1 $(PYTEST)
	@$(MAKE) --no-print-directory audit

# Each pinned package looked up in PyPI's vulnerability data (scripts/audit.py); AUDIT_STRICT=1
# also fails when the data cannot be reached at all.
audit: install ## Fail on any known vulnerability of the packages pinned in requirements.lock
	$(PY) scripts/audit.py $(if $(filter 1,$(AUDIT_STRICT)),--strict)

lint: install ## Lint, check formatting and the import contracts
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install ## Format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install ## Extract translatable strings and compile the catalogues (needs gettext)
	$(PY) manage.py makemessages -l it --ignore=.venv --ignore=var --no-obsolete --add-location=never
	$(PY) manage.py compilemessages --ignore=.venv

vendor: ## Refresh the vendored front-end files from the npm registry
	$(PYTHON) scripts/vendor_static.py

bench: install ## Time the digest, the proposals, the labs' live wall, a registration rush, the observatory and API at city scale, the demo seed, every page under load (SQLite, PostgreSQL, Redis)
	env -u DATABASE_URL -u REDIS_URL $(PY) bench/digest.py
	$(PY) bench/digest.py --database-url $${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/wemi_bench}
	env -u DATABASE_URL -u REDIS_URL $(PY) bench/proposals.py
	$(PY) bench/proposals.py --database-url \
	  $${BENCH_PROPOSALS_PG_URL:-postgres://postgres@127.0.0.1:5432/wemi_bench_proposals}
	env -u DATABASE_URL -u REDIS_URL $(PY) bench/labs_wall.py
	env -u DATABASE_URL $(PY) bench/labs_wall.py --clients 1000 --servers 2 \
	  --redis-url $${BENCH_REDIS_URL:-own}
	env -u DATABASE_URL -u REDIS_URL $(PY) bench/registrations.py
	$(PY) bench/registrations.py --redis-url $${BENCH_REDIS_URL:-own} --database-url \
	  $${BENCH_REGISTRATIONS_PG_URL:-postgres://postgres@127.0.0.1:5432/wemi_bench_registrations}
	env -u DATABASE_URL -u REDIS_URL $(PY) bench/observatory.py
	$(PY) bench/observatory.py --database-url \
	  $${BENCH_OBSERVATORY_PG_URL:-postgres://postgres@127.0.0.1:5432/wemi_bench_observatory}
	env -u DATABASE_URL -u REDIS_URL $(PY) bench/seed.py
	env -u DATABASE_URL -u REDIS_URL $(PY) bench/pages.py
	env -u DATABASE_URL $(PY) bench/pages.py --database-url \
	  $${BENCH_PAGES_PG_URL:-postgres://postgres@127.0.0.1:5432/wemi_bench_pages} \
	  --redis-url $${BENCH_PAGES_REDIS_URL:-redis://127.0.0.1:6379/9}

check-deploy: install ## Run Django's deployment checks with the production settings
	DJANGO_SETTINGS_MODULE=wemi_community.settings.production \
	  SECRET_KEY=$${SECRET_KEY:-check-deploy-$$(head -c 96 /dev/urandom | base64 | tr -dc a-zA-Z0-9)} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-wemi.example} \
	  $(PY) manage.py check --deploy --fail-level WARNING

backup: install ## Back up the database and the media files into var/backups/ (safe while the site runs)
	$(PY) scripts/backup.py backup

restore: install ## Restore a backup, replacing database and media: make restore FILE=var/backups/… [YES=1]
	@test -n "$(FILE)" || { echo "Which backup? make restore FILE=var/backups/wemi-….tar.gz"; exit 2; }
	$(PY) scripts/backup.py restore "$(FILE)" $(if $(YES),--yes)

lock: ## Re-pin every dependency from a fresh install of pyproject.toml
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet --upgrade pip
	var/lockenv/bin/pip install --quiet -e ".[dev]"
	var/lockenv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock
	rm -rf var/lockenv

clean: ## Remove the virtualenv and local data (database, media)
	rm -rf $(VENV) var
