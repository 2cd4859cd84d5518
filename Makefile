# Two commands do everything on a fresh machine: `make serve` and `make test`.
# Each creates .venv from pyproject.toml on first use (and again when pyproject.toml changes).

PYTHON ?= python3
VENV   ?= .venv
# What the tests run beside the service, from Debian's packages: Chromium (browser tests), haproxy
# and wrk (replicas behind a load balancer, under load) and Virtuoso (a second SPARQL store).
# `make test` installs whichever is missing.
TEST_TOOLS := /usr/bin/chromium /usr/sbin/haproxy /usr/bin/wrk /usr/bin/virtuoso-t
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The explorer's JavaScript checks (tests/js/): ESLint, tsc and their versions pinned by its package-lock.json.
JS     := tests/js
JSBIN  := $(JS)/node_modules/.bin
JSSTAMP := $(JS)/node_modules/.installed

.PHONY: serve test lint docs docs-build validate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $(STAMP)

$(JSSTAMP): $(JS)/package.json $(JS)/package-lock.json
	npm ci --prefix $(JS) --no-audit --no-fund --silent
	touch $(JSSTAMP)

serve: $(STAMP)
	$(BIN)/stackatlas serve

lint: $(STAMP) $(JSSTAMP)
	$(BIN)/ruff check service tests bench docs/hooks
	$(BIN)/ruff format --check service tests bench docs/hooks
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(JSBIN)/eslint --max-warnings 0 --config $(JS)/eslint.config.js service/static/explorer $(JS)
	$(JSBIN)/tsc --project $(JS)/tsconfig.json

$(TEST_TOOLS):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium haproxy wrk virtuoso-opensource

test: lint docs-build $(TEST_TOOLS)
	node --test $(JS)/*.test.mjs
	$(BIN)/pytest

# The documentation site (mkdocs.yml, docs/): every link and anchor checked, any warning fails the build.
# The reference pages are made from the code as it builds (docs/hooks/reference.py).
docs-build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8001

# Side by side with Oxigraph's server and rdflib-endpoint (needs wrk), the uncached side-by-side with Oxigraph's
# server, then start-up, restarts on the store kept on disk, memory and latency at a million triples, ending in
# one table of every goal (bench/goals.py); then server shapes (workers x threads), the engine in processes and
# threads (bench/contention.py), similarity, and the explorer
# in Chromium (bench/browser.py: first drawing, click to panel; about 20 minutes in all).
bench: $(STAMP)
	command -v wrk >/dev/null && command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk chromium)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/goals.py --seconds 10
	$(BIN)/python bench/workers.py --seconds 5
	$(BIN)/python bench/contention.py --queries 2000
	$(BIN)/python bench/similarity.py
	$(BIN)/python bench/browser.py --runs 5

validate: $(STAMP)
	$(BIN)/stackatlas validate

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache $(JS)/node_modules
