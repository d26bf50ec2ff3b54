# The README's two commands: `make run` and `make test`. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_SECRET_KEY := test-only-secret-key-not-for-production

.PHONY: run test bench lint format demo-fixture clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet '.[dev]'
	touch $(STAMP)

## Set up and serve the site on SQLite with the demo catalog.
run: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=1 $(BIN)/python manage.py load_demo --if-empty
	@echo ""
	@echo "PaperShelf is at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Create an admin account with:  DJANGO_DEBUG=1 $(BIN)/python manage.py createsuperuser"
	@echo ""
	DJANGO_DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (on PostgreSQL when DATABASE_URL says so).
test: $(STAMP)
	DJANGO_SECRET_KEY=$(TEST_SECRET_KEY) $(BIN)/pytest $(PYTEST_ARGS)

## Rebuild the demo catalog fixture from the seed READMEs (../shared/seeds).
demo-fixture: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py build_demo_fixture ../shared/seeds

## Print search timings on a large synthetic catalog (set DATABASE_URL for PostgreSQL).
bench: $(STAMP)
	DJANGO_SECRET_KEY=$(TEST_SECRET_KEY) $(BIN)/python benchmarks/bench_search.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SECRET_KEY=$(TEST_SECRET_KEY) $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
