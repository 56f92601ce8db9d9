# Torju: two commands for a new user (see README.md).
#   make run   - the system with its demo data on embedded SQLite, at http://127.0.0.1:8000
#   make test  - the whole suite: ruff, mypy, pytest on SQLite and on PostgreSQL
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test venv dev-venv lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt

dev-venv: $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt

run: venv
	bash scripts/run.sh

test: dev-venv
	bash scripts/test.sh

lint: dev-venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Re-extract translatable strings and compile the catalogs (needs GNU gettext).
messages: dev-venv
	$(BIN)/python manage.py makemessages -l fi -l sv --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
