# rasd: `make demo` to see it work, `make test` to run the whole suite (as CI does).

VENV    ?= .venv
PYTHON  ?= python3
PY      := $(VENV)/bin/python
PIP     := $(PY) -m pip
RASD    := $(VENV)/bin/rasd
DEMO_DB ?= demo.db
SHARED  ?= ../shared/examples/docs.jsonl
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install system-deps clean-demo

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(PY)
	$(PIP) install --quiet -e .

demo: install
	@echo "== ingesting samples/ $(if $(wildcard $(SHARED)),and $(SHARED)) into $(DEMO_DB)"
	@$(RASD) ingest samples/ $(wildcard $(SHARED)) --db sqlite:///$(DEMO_DB) \
		|| echo "(some inputs could not be read: see the messages above)"
	@echo
	@$(RASD) stats --by month --db sqlite:///$(DEMO_DB)
	@$(RASD) stats --by admin1 --db sqlite:///$(DEMO_DB)
	@echo
	@echo "Database: $(abspath $(DEMO_DB))  (sqlite:///$(DEMO_DB))"
	@echo "Try:      $(RASD) events --db sqlite:///$(DEMO_DB) --admin1 Maysan"
	@if $(RASD) serve --help >/dev/null 2>&1; then \
		echo "Dashboard: $(RASD) serve --db sqlite:///$(DEMO_DB)   then open http://127.0.0.1:8000/"; fi

# PostgreSQL (for the store tests on both backends) and Chromium (for browser tests) come from
# Debian's packages; they are installed only when missing.
system-deps:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v chromium >/dev/null 2>&1; then \
		$(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql chromium; fi

test: $(PY) system-deps
	$(PIP) install --quiet -e '.[test,postgres,dask,parquet]'
	$(PY) -m pytest -q

clean-demo:
	rm -f $(DEMO_DB)
