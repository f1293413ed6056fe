# Herald: two commands do all the set-up.
#   make run    run Herald (web, worker, beat) on embedded defaults with a demo login
#   make test   lint, type-check, check the schema and run the whole suite on PostgreSQL + Redis

SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run test bench bench-agents lint services browser install install-dev clean

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip
	@$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	@$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

run: $(VENV)/.runtime
	@mkdir -p var staticfiles
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py setup_periodic_tasks -v 0
	@$(PY) manage.py sync_agents -v 0
	@$(PY) manage.py seed_demo
	@echo
	@echo "Herald is starting at http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@echo "Web, worker and beat run together below; Ctrl-C stops all three."
	@trap 'kill 0' EXIT INT TERM; \
	  $(VENV)/bin/celery -A config worker -Q default,publish,llm --pool threads --concurrency 4 -l info -n worker@%h & \
	  $(VENV)/bin/celery -A config beat -l info & \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT) & \
	  wait

# Debian's chromium drives the browser tests (Playwright cannot download its own here).
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" != 0 ]; then echo "Install Debian's chromium package (apt-get install chromium)."; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# PostgreSQL and Redis on 127.0.0.1: start them if installed and stopped.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || { \
	  mkdir -p /var/lib/redis /var/log/redis; \
	  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
	    --dir /var/lib/redis --logfile /var/log/redis/ci.log; \
	  for i in $$(seq 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done; }
	@pg_isready -h 127.0.0.1 -p 5432 && redis-cli -h 127.0.0.1 -p 6379 ping

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py spectacular --validate --fail-on-warn --file /dev/null

# The test database is reused between runs; it is rebuilt when any migration changed.
test: $(VENV)/.dev browser services lint
	@mkdir -p var; \
	  digest=$$(cat */migrations/*.py | sha1sum | cut -c1-40); \
	  if [ "$$(cat var/.test-db-migrations 2>/dev/null)" != "$$digest" ]; then fresh=--create-db; fi; \
	  $(VENV)/bin/pytest $$fresh && echo "$$digest" > var/.test-db-migrations

bench: $(VENV)/.dev services
	bash bench/run.sh

bench-agents: $(VENV)/.dev services
	$(PY) bench/agents_bench.py

clean:
	rm -rf var staticfiles
