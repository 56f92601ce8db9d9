# Torju: two commands for a new user (see README.md).
#   make run   - the system with its demo data on embedded SQLite, at http://127.0.0.1:8000
#   make test  - the whole suite: ruff, mypy, pytest on SQLite and on PostgreSQL
#   make test-fast - while working: pytest on SQLite without the slow tests (browser, documents, processes)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast venv dev-venv lint messages clean load screenshots

# The virtual environment is there once it has pip: a `venv` that failed half-way leaves a python without it.
# Debian's Python lacks ensurepip, which `venv` needs, until the package python3-venv is installed:
# as root it is installed here, otherwise make stops and says so.
$(BIN)/pip:
	@if ! $(PYTHON) -c 'import ensurepip' >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "==> installing Debian's python3-venv ('$(PYTHON) -m venv' needs ensurepip)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-venv >/dev/null; \
	  else \
	    echo "error: '$(PYTHON) -m venv' needs ensurepip: install Debian's package python3-venv (as root: apt-get install python3-venv)" >&2; \
	    exit 1; \
	  fi; \
	fi
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/pip
	$(BIN)/python -m pip install --quiet -r requirements.txt

dev-venv: $(BIN)/pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt

run: venv
	bash scripts/run.sh

test: dev-venv
	bash scripts/test.sh

test-fast: dev-venv
	DATABASE_URL=sqlite:// $(BIN)/pytest -n "$${PYTEST_WORKERS:-2}" -p no:cacheprovider -m "not slow and not postgresql"

lint: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The load test (not in `make test`): Locust against gunicorn and PostgreSQL on this machine, with a synthetic
# register of LOAD_VICTIMS victims; steps of LOAD_USERS users with think time, then of LOAD_SATURATE without.
# Writes bench/results/load-<time>/report.md (docs/performance.md, "Load"). The defaults are the full run
# (about 40 minutes after a first import of the 1,000,000-victim register); e.g. a short one:
#   make load LOAD_VICTIMS=10000 LOAD_STEP_SECONDS=60 LOAD_SATURATE_SECONDS=40
LOAD_VICTIMS ?= 1000000
LOAD_USERS ?= 8,16,32,64
LOAD_STEP_SECONDS ?= 300
LOAD_SATURATE ?= 8,16,32,64,128
LOAD_SATURATE_SECONDS ?= 120
LOAD_WORKERS ?= 5
LOAD_CONN_MAX_AGE ?= 60
LOAD_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
LOAD_ARGS ?=
load: dev-venv
	$(BIN)/python bench/load_test.py --victims $(LOAD_VICTIMS) --users $(LOAD_USERS) \
	  --step-seconds $(LOAD_STEP_SECONDS) --saturate "$(LOAD_SATURATE)" --saturate-seconds $(LOAD_SATURATE_SECONDS) \
	  --workers $(LOAD_WORKERS) --conn-max-age $(LOAD_CONN_MAX_AGE) --database-url $(LOAD_DATABASE_URL) $(LOAD_ARGS)

# PNGs of the case page, a work list and the audit trail in fi, sv and en for the README (docs/screenshots/):
# the demo on a throw-away SQLite database, photographed by Playwright with Debian's Chromium (a few minutes).
screenshots: dev-venv
	$(BIN)/python scripts/screenshots.py

# Re-extract translatable strings and compile the catalogs (needs GNU gettext).
messages: dev-venv
	$(BIN)/python manage.py makemessages -l fi -l sv --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
