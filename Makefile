# unionplan — `make run` serves the demo, `make test` runs the whole suite.
VENV   := .venv
PY     := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run dev secret test test-dates messages translations lint bench clean

# `make run` serves the app as it is used: DEBUG off, gunicorn, whitenoise, over plain HTTP on this machine.
RUN_ENV := DEBUG=0 ALLOWED_HOSTS=$(HOST),127.0.0.1,localhost SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0 \
	SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

translations: install
	DEBUG=1 $(PY) manage.py compiletranslations -v0

# Extract new strings into locale/zh_Hans (then translate them and run `make translations`).
messages: install
	DEBUG=1 flock locale/.lock $(PY) manage.py makemessages -l zh_Hans --no-obsolete \
		--ignore='.venv/*' --ignore='staticfiles/*' --ignore='tests/*' --add-location=file

# A SECRET_KEY generated once into .env and kept (sessions survive a restart).
secret:
	@grep -qs '^SECRET_KEY=.' .env || python3 -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50))" >> .env

run: install translations secret
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v0
	$(RUN_ENV) $(PY) manage.py seed_demo --force
	@echo ""
	@echo "  unionplan: http://$(HOST):$(PORT)/   logins: chair / committee / treasurer / reviewer / member / federation"
	@echo "  password: $${DEMO_PASSWORD:-unionplan-demo}"
	@echo ""
	$(RUN_ENV) $(VENV)/bin/gunicorn unionplan.wsgi --bind $(HOST):$(PORT) --workers 2 --threads 4 \
		--access-logfile - --error-logfile -

# Development: runserver with DEBUG on (Django's debug pages, code reloading).
dev: install translations
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# The suite runs on every core, at most 4 (pytest-xdist: each worker is a process with a test database
# of its own, test_<name>_gw0…, a media directory and a Chromium of its own; live servers, gunicorns
# and fake robots take free ports). In one process: `make test PYTEST_ARGS=-n0`. No --dist loadgroup:
# with pytest 9.2 it silently ignores xdist_group marks (pytest-xdist issue 1386), and nothing needs it.
XDIST := -n auto --maxprocesses 4

test: install translations
	$(PYTEST) $(XDIST) $(PYTEST_ARGS)

# The whole suite on the days that break date code: New Year's Eve and Day, the day before 春节 2027
# (02-06), a leap day. Each run moves the clock with `pytest --today` (time-machine); about 4 × `make test`.
DATES ?= 2026-12-31 2027-01-01 2027-02-05 2028-02-29
test-dates: install translations
	@for day in $(DATES); do echo "== make test on $$day"; $(PYTEST) $(XDIST) --today $$day -q $(PYTEST_ARGS) || exit 1; done

# The benchmark suite on PostgreSQL (bench/run.py, ~6 minutes): builds the synthetic federation in the
# database unionplan_bench (dropped and created again), measures, writes BENCHMARKS.md.
bench: install translations
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
