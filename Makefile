# Pitch In: `make run` to try it, `make test` for the whole suite. Needs only Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# make run and make test use a key kept under var/ unless SECRET_KEY is already set.
WITH_KEY = SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}"

.PHONY: help install run test lint format check migrate demo lock clean browser screenshots bench simulate load

help:
	@echo "make run    install, migrate, load demo listings, serve http://127.0.0.1:$(PORT) with a worker and beat"
	@echo "make test   ruff, migrations check, system check, pytest (the whole suite)"
	@echo "make lint   ruff check + format check     make format   apply ruff formatting"
	@echo "make lock   re-resolve requirements.lock from pyproject.toml"
	@echo "make browser      install Debian's Chromium for the browser tests (apt; no-op when present)"
	@echo "make screenshots  full-page PNGs of the main pages, phone and desktop, into docs/screenshots/"
	@echo "make bench        benchmarks (quick; FULL=1 adds the 1M tier) into bench/results.json, docs/benchmarks.md"
	@echo "make simulate     500 loopback feeds, 2 workers + beat for 180 s (SIM_SECONDS=60 for less) into docs/simulation.md"
	@echo "make load         gunicorn under mixed wrk traffic, 30 s a run (LOAD_SECONDS=10 for less) into docs/load.md"

# Reinstall only when the dependency list or the lock changes.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "installing dependencies into $(VENV) (pinned by requirements.lock) …"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

var/secret_key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret_key
	@chmod 600 var/secret_key
	@echo "generated a SECRET_KEY in var/secret_key"

migrate: install var/secret_key
	@$(WITH_KEY) $(MANAGE) migrate --noinput
	@$(WITH_KEY) $(MANAGE) load_taxonomy

demo: migrate
	@$(WITH_KEY) $(MANAGE) load_demo
	@$(WITH_KEY) $(MANAGE) sources_register_defaults

run: demo
	@$(WITH_KEY) $(MANAGE) collectstatic --noinput --verbosity 0
	@echo "serving http://127.0.0.1:$(PORT)/ with a Celery worker and beat (Ctrl-C stops all three)"
	@$(WITH_KEY) LOG_FORMAT="$${LOG_FORMAT:-plain}" WEB_PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" \
	  $(BIN)/honcho -f Procfile.dev start

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	SECRET_KEY=make-test-only-not-secret $(MANAGE) makemigrations --check --dry-run
	SECRET_KEY=make-test-only-not-secret $(MANAGE) check
	SECRET_KEY=make-test-only-not-secret $(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

test: lint check browser
	SECRET_KEY=make-test-only-not-secret $(BIN)/pytest

# Browser tests (tests/browser) drive Debian's Chromium, never a browser Playwright downloads.
# Never fails: without Chromium those tests skip and say what to run (CI installs it or fails).
CHROMIUM := /usr/bin/chromium
CHROMIUM_PACKAGES := chromium chromium-driver
browser:
	@if [ -x $(CHROMIUM) ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then apt="apt-get"; elif command -v sudo >/dev/null; then apt="sudo -n apt-get"; fi; \
	if [ -n "$${apt:-}" ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian's Chromium for the browser tests: $$apt install $(CHROMIUM_PACKAGES) …"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$apt install -y -qq $(CHROMIUM_PACKAGES) </dev/null >/dev/null \
	    || { $$apt update -qq </dev/null && $$apt install -y -qq $(CHROMIUM_PACKAGES) </dev/null >/dev/null; } \
	    || true; \
	fi; \
	if [ ! -x $(CHROMIUM) ]; then \
	  echo "Chromium is not installed, so the browser tests will be skipped. To run them:" >&2; \
	  echo "  sudo apt-get update && sudo apt-get install -y $(CHROMIUM_PACKAGES)" >&2; \
	fi

screenshots: install browser
	SCREENSHOTS_DIR=docs/screenshots BROWSER_TESTS_REQUIRED=1 SECRET_KEY=make-test-only-not-secret \
	  $(BIN)/pytest tests/browser/test_screenshots.py -q

# Benchmarks, not tests: never part of `make test`. Seeds its own databases (under var/bench/, and
# <db>_bench_* beside DATABASE_URL's when that is PostgreSQL), kept between runs.
bench: install
	$(BIN)/python -m bench $(if $(FULL),--full)

# A model of running at scale, not a test: 500 loopback feeds of mixed behaviour, 2 real workers and
# beat on the simulation's own database (var/simulate/, or <db>_simulate beside DATABASE_URL's
# PostgreSQL) and broker (var/simulate/broker, or a Redis database of its own beside REDIS_URL's).
simulate: install var/secret_key
	@$(WITH_KEY) $(BIN)/python -m bench.simulate $(if $(SIM_SECONDS),--seconds $(SIM_SECONDS))

# A load test, not a test: gunicorn (config/gunicorn.py) on loopback under mixed traffic from wrk,
# on its own database (var/load/, or <db>_load beside DATABASE_URL's PostgreSQL: 1 then 2 workers).
# wrk comes from Debian (apt, as `make browser` installs Chromium): C, so it leaves the cores to
# gunicorn, where a Python load generator would compete with it for them.
load: install var/secret_key
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then apt="apt-get"; elif command -v sudo >/dev/null; then apt="sudo -n apt-get"; fi; \
	  if [ -n "$${apt:-}" ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's wrk for the load test: $$apt install wrk …"; \
	    export DEBIAN_FRONTEND=noninteractive; \
	    $$apt install -y -qq wrk </dev/null >/dev/null \
	      || { $$apt update -qq </dev/null && $$apt install -y -qq wrk </dev/null >/dev/null; } || true; \
	  fi; \
	fi; \
	command -v wrk >/dev/null || { echo "wrk is not installed; run: sudo apt-get update && sudo apt-get install -y wrk" >&2; exit 1; }
	@$(WITH_KEY) $(BIN)/python -m bench.load $(if $(LOAD_SECONDS),--seconds $(LOAD_SECONDS))

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[dev]"
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^pitch-in' > requirements.lock
	rm -rf .lock-venv build *.egg-info
	@echo "requirements.lock updated: commit it"

clean:
	rm -rf $(VENV) var/static var/cache var/broker
