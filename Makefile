# shlawyers — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
SCALE ?= small
# Two pytest workers on this 2-core machine; override with `make test PYTEST_ARGS=...`.
# --maxschedchunk 1: a worker is handed its next test one at a time instead of in chunks
# of hundreds, so the long browser tests at the end of the run (pytest-django runs the
# transactional ones last) are shared between the workers instead of queueing on one.
PYTEST_ARGS ?= -n 2 --maxschedchunk 1

.DEFAULT_GOAL := help
.PHONY: help install run test lint fmt migrate seed messages hant static vendor bench bench-growth bench-all soak check clean backup restore

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-10s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## create .venv and install the locked dependencies

run: install ## migrate, demo data if empty, serve on http://127.0.0.1:8000 with a Celery worker + beat
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --scale small --if-empty
	SITE_URL=http://$(HOST):$(PORT) $(PY) manage.py demo_accounts
	$(PY) scripts/run_dev.py --host $(HOST) --port $(PORT)

test: install ## run the whole test suite (PostgreSQL: DATABASE_URL or embedded)
	$(PY) -m pytest $(PYTEST_ARGS)

# Every app's services and selectors, modules or packages: new apps are checked unasked.
TYPED := $(wildcard apps/*/services* apps/*/selectors*)

lint: install ## ruff, migrations in sync, django checks, mypy (django-stubs) on services/selectors, bandit
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check
	$(PY) manage.py hant_catalogue --check
	$(VENV)/bin/mypy $(TYPED)
	$(VENV)/bin/bandit -q -c pyproject.toml -r apps shlawyers

fmt: install ## format the code
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrate: install ## apply migrations
	$(PY) manage.py migrate --noinput

seed: install ## demo data; SCALE=city builds a 40,000-lawyer association
	$(PY) manage.py seed_demo --scale $(SCALE)

messages: install ## extract and compile translations (needs GNU gettext)
	$(PY) manage.py makemessages -l en -l zh_Hans --ignore '.venv/*' --ignore 'static/vendor/*' --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l en -l zh_Hans --ignore '.venv/*' --ignore 'static/vendor/*' --ignore 'staticfiles/*' --no-obsolete
	$(PY) manage.py compilemessages --ignore '.venv/*'

hant: install ## locale/zh_Hant (Traditional Chinese) from the Simplified msgids with OpenCC; run after `messages`
	$(PY) manage.py hant_catalogue

vendor: ## refresh static/vendor from npm at the pinned versions (needs Node)
	bash static/vendor/refresh.sh

BENCH_DB ?= shlawyers_bench
BENCH_ARGS ?=
bench: install ## pages at 1/16/64 connections vs the static ceiling on city data (built once in $(BENCH_DB)), see bench/README.md
	$(PY) bench/http_bench.py --db $(BENCH_DB) --seed $(BENCH_ARGS)

BENCH_SMALL_DB ?= shlawyers_bench_30
bench-growth: install ## the same pages on a thirtieth of the city ($(BENCH_SMALL_DB)) and on $(BENCH_DB), page cache off, alternating: p50 growth at 30x the data
	$(PY) bench/http_bench.py --db $(BENCH_DB) --growth $(BENCH_SMALL_DB) --connections 1,16 $(BENCH_ARGS)

SOAK_SECONDS ?= 600
soak: install ## SOAK_SECONDS (600) at 64 connections, realistic mix, on $(BENCH_DB): zero 5xx, no RSS growth, every filing in the DB
	SOAK_SECONDS=$(SOAK_SECONDS) $(PY) bench/soak.py --db $(BENCH_DB) --seed $(BENCH_ARGS)

bench-all: install ## every bench/*_bench.py (search corpus, lookup, pages), one after another
	$(PY) bench/run.py

backup: install ## database (pg_dump -Fc) + media and private media into BACKUP_DIR (default .data/backups)/<timestamp>/
	$(PY) manage.py backup

restore: install ## put a backup back (BACKUP=<folder>, default the newest); replaces the current data
	$(PY) manage.py restore $(BACKUP) --yes

clean: ## remove the venv, collected static files and local data
	rm -rf $(VENV) staticfiles .data
