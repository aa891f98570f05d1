# Two commands matter: `make run` (the demo) and `make test`. Both install first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: install run test bench bench-large lint messages translations backup restore

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed translations

translations: $(BIN)/.installed
	@$(MANAGE) compiletranslations

# The demo: migrate, seed (idempotent), collect static files, then serve with the
# scheduler beside it. Without REDIS_URL, celery beat runs the jobs in-process;
# with it, a worker with an embedded beat consumes the Redis queue.
# The demo's logins work without an authenticator app; production requires
# two-factor for admin and supervisor (OTP_REQUIRED_ROLES, see README).
run: export OTP_REQUIRED_ROLES ?= none
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) collectstatic --noinput -v0
	@echo ""
	@echo "  Open http://127.0.0.1:$(PORT)/ and log in as city (or clerk_T01, supervisor, admin)"
	@echo "  with the password printed above (default demo-pass-2026)."
	@echo ""
	@trap 'kill 0' EXIT INT TERM; \
	if [ -n "$$REDIS_URL" ]; then \
	  $(BIN)/celery -A config worker --beat --pool=solo --loglevel=INFO --schedule=var/celerybeat-schedule & \
	else \
	  $(BIN)/celery -A config beat --loglevel=INFO --schedule=var/celerybeat-schedule & \
	fi; \
	$(BIN)/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The figures of docs/performance.md on PostgreSQL (DATABASE_URL, or xinfang_bench on
# 127.0.0.1): seeds the data set if needed, prints one line per figure, writes var/bench.json.
bench: install
	PY=$(BIN)/python bin/bench

# Ten times the data (issue 21): seed_bench --scale 10 into xinfang_bench_large
# (BENCH_LARGE_URL), then issue 21's figures into var/bench-large.json.
bench-large: install
	PY=$(BIN)/python bin/bench-large

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff check --select F401,F841 .
	VULTURE=$(BIN)/vulture bin/deadcode
	$(BIN)/djlint templates --lint
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

# Extract new strings into the committed catalogues (needs GNU gettext), then compile.
messages: install
	$(MANAGE) makemessages -l zh_Hans -l en --ignore='.venv/*' --ignore='var/*' --no-obsolete
	$(MANAGE) compiletranslations

# PostgreSQL backup and restore (DATABASE_URL); FILE=... for restore.
backup:
	bin/backup $(FILE)

restore:
	bin/restore $(FILE)
