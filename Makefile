# Two commands: `make run` sets up and serves on SQLite; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: requirements.txt installed (what serving the site needs), and requirements-dev.txt
# on top (tests, linters, the browsers' drivers).
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PORT ?= 8000
# Compiled modules are kept between runs, out of the source tree: where the environment
# turns bytecode caching off, every test process would compile the project, its
# migrations and its tests again (about 4 s of CPU per process).
export PYTHONDONTWRITEBYTECODE :=
export PYTHONPYCACHEPREFIX := $(CURDIR)/.cache/pycache

.PHONY: run serve test test-all test-faults setup lint browser-deps benchmark benchmark-web clean

# make run installs requirements.txt only; the targets that test or lint add the development ones.
$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $(STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

setup: $(DEV_STAMP)

# A reload that stops (invalid fixtures, admin edits in the way) says why; the site still serves.
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py reload_fixtures || echo "make run: the fixtures were not reloaded (see above); serving the database as it is."
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# The production stack on this machine: DEBUG off, static files collected (WhiteNoise serves
# them), gunicorn (deploy/gunicorn.conf.py) with WEB_CONCURRENCY workers on 127.0.0.1:PORT.
# Needs SECRET_KEY, ALLOWED_HOSTS and SITE_URL in the environment; see README, "Deployment".
WEB_CONCURRENCY ?= 2
serve: $(STAMP)
	DEBUG=false $(BIN)/python manage.py migrate --noinput
	DEBUG=false $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DEBUG=false $(BIN)/gunicorn sco_site.wsgi --config deploy/gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers $(WEB_CONCURRENCY) --access-logfile -

# On every core; one module per worker at a time, so module-wide data is built once.
# make test: what a developer runs on every change; make test-all adds the slow kinds
# (browser, fuzzing, whole-site crawls, other processes, 10x data), as CI does.
test: $(DEV_STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope -m "not slow"

test-all: $(DEV_STAMP)
	$(BIN)/python -m pytest -n auto --dist loadscope -m "not faults"

# Services killed, disks filled, races forced: one test at a time (they measure latency).
# Mounting a small filesystem needs root; elsewhere those tests skip and say so.
test-faults: $(DEV_STAMP)
	$(BIN)/python -m pytest tests/faults -m faults

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# What the browser tests need beyond the Python packages: Debian's chromium (as root) and
# the Nu HTML Checker (needs java) in .cache/vnu/ for tests/core/test_admin_accessibility.py.
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
browser-deps:
	test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	test -x /usr/bin/java || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)
	test -f $(VNU_JAR) || npm install --prefix .cache/vnu --no-audit --no-fund vnu-jar@26.9.27

benchmark: $(DEV_STAMP)
	$(BIN)/python benchmarks/reload_vs_loaddata.py --factors 100 1000 --databases sqlite postgres --runs 3

# Public pages under gunicorn (production settings, SQLite, 10x the seed) against WhiteNoise
# serving a file of the same size; needs wrk (apt-get install wrk).
benchmark-web: $(DEV_STAMP)
	$(BIN)/python benchmarks/web.py --factor 9 --rounds 3

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles
