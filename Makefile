# unionplan — `make run` serves the demo, `make test` runs the whole suite.
VENV   := .venv
PY     := $(VENV)/bin/python
PYTEST := $(VENV)/bin/pytest
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install run test messages translations lint bench clean

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

run: install translations
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	@echo ""
	@echo "  unionplan: http://$(HOST):$(PORT)/   logins: chair / committee / treasurer / reviewer / member"
	@echo "  password: $${DEMO_PASSWORD:-unionplan-demo}"
	@echo ""
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install translations
	$(PYTEST) $(PYTEST_ARGS)

# The benchmark suite on PostgreSQL (bench/run.py, ~6 minutes): builds the synthetic federation in the
# database unionplan_bench (dropped and created again), measures, writes BENCHMARKS.md.
bench: install translations
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(PY) bench/run.py $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
