# The two commands of the README: `make demo` and `make test`. Both create (or reuse) .venv.
VENV ?= .venv
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8866
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: demo test install system-deps benchmark benchmark-room clean i18n-extract i18n-update i18n-compile i18n-init

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,authoring]'
	touch $(STAMP)

install: $(STAMP)

# Node tools the tests run (JupyterHub's configurable-http-proxy), from package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## Serve a demo workshop on the embedded SQLite store (HOST=0.0.0.0 lets phones on the network join).
demo: $(STAMP)
	$(BIN)/huddle demo --host $(HOST) --port $(PORT)

## Install what the browser tests need from the system (Debian's Chromium), then run every test.
test: $(STAMP) system-deps $(NODE_STAMP)
	$(BIN)/python -m pytest -q --durations=15 -n 2 --dist loadfile tests --nbval-lax notebooks

system-deps:
	bash scripts/install-system-deps.sh

benchmark: $(STAMP)
	$(BIN)/python benchmarks/api_ingest.py
	$(BIN)/python benchmarks/report.py
	$(BIN)/python benchmarks/series_report.py

## A live room of N participants at the widget-protocol level (benchmarks/room.py); not part of `make test`.
N ?= 200
benchmark-room: $(STAMP)
	mkdir -p benchmarks/results
	$(BIN)/python benchmarks/room.py --participants $(N) --json benchmarks/results/room-$(N).json

## Translations (Babel): extract the interface strings, merge them into every language's
## catalogue, compile the catalogues the wheel ships; `make i18n-init LANG=fr` starts a language.
LOCALE := src/huddle/locale
i18n-extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 --sort-by-file --no-wrap --project Huddle --copyright-holder "Huddle contributors" -o $(LOCALE)/huddle.pot .

i18n-update: i18n-extract
	$(BIN)/pybabel update -i $(LOCALE)/huddle.pot -d $(LOCALE) -D huddle --no-wrap --ignore-obsolete

i18n-compile: $(STAMP)
	$(BIN)/pybabel compile -d $(LOCALE) -D huddle --statistics

i18n-init: i18n-extract
	$(BIN)/pybabel init -i $(LOCALE)/huddle.pot -d $(LOCALE) -D huddle -l $(LANG) --no-wrap

clean:
	rm -rf $(VENV) test-artifacts .pytest_cache
