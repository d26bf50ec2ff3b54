# The README's two commands: `make run` and `make test`. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_SECRET_KEY := test-only-secret-key-not-for-production

PIDFILE ?= $(VENV)/gunicorn.pid

.PHONY: run serve worker reload test bench loadtest lint format demo-fixture clean

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

## Production: debug off, migrations, collected static files, gunicorn (gunicorn.conf.py).
## Needs DJANGO_SECRET_KEY (and DJANGO_ALLOWED_HOSTS, DATABASE_URL... see .env.example).
serve: $(STAMP)
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then \
	  echo "make serve: DJANGO_SECRET_KEY is not set. Set it to a long random string, e.g." >&2; \
	  echo "  export DJANGO_SECRET_KEY=\"\$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')\"" >&2; \
	  echo "(see .env.example and the README's Production section)." >&2; \
	  exit 1; \
	fi
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@if [ "$$TASKS_BACKEND" = "database" ]; then \
	  echo "make serve: background tasks wait in the database; run at least one worker (make worker)."; \
	else \
	  echo "make serve: TASKS_BACKEND is not database: slides are processed inside requests."; \
	  echo "  Production sets TASKS_BACKEND=database and runs at least one worker (make worker)."; \
	fi
	DJANGO_DEBUG=0 HOST=$(HOST) PORT=$(PORT) GUNICORN_PIDFILE=$(PIDFILE) \
	  $(BIN)/gunicorn --config gunicorn.conf.py config.wsgi:application

## A background worker for TASKS_BACKEND=database (slides, e-mails, metadata look-ups).
## Production needs at least one beside `make serve`; any number may run, on any machine.
worker: $(STAMP)
	DJANGO_DEBUG=0 $(BIN)/python manage.py db_worker

## Reload the code of a running `make serve` gracefully (no request is dropped).
reload:
	kill -HUP $$(cat $(PIDFILE))

## Run the whole test suite (on PostgreSQL when DATABASE_URL says so).
test: $(STAMP)
	DJANGO_SECRET_KEY=$(TEST_SECRET_KEY) $(BIN)/pytest $(PYTEST_ARGS)

## Rebuild the demo catalog fixture from the seed READMEs (../shared/seeds).
demo-fixture: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py build_demo_fixture ../shared/seeds

## Print page and search timings on a large synthetic catalog (set DATABASE_URL for PostgreSQL),
## e.g. make bench BENCH_ARGS="--papers 100000".
BENCH_ARGS ?= --papers 5000
bench: $(STAMP)
	DJANGO_SECRET_KEY=$(TEST_SECRET_KEY) $(BIN)/python manage.py bench $(BENCH_ARGS)

## A bounded load test against a running `make serve` (see docs/benchmarks.md).
loadtest: $(STAMP)
	$(BIN)/python benchmarks/load_test.py $(LOAD_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SECRET_KEY=$(TEST_SECRET_KEY) $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
