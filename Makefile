# coreml-profiler: one-command targets. `make test` and `make demo` work on a fresh clone.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SAMPLE := traces/sample-sd15-iphone13promax
CHROMIUM ?= /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help install test demo bench lint browser java libxml2 sample clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The compiled reader (profiler/trace/_fastread*.c, _fastread.h) is rebuilt whenever its sources change.
EXT_SOURCES := setup.py $(wildcard profiler/trace/*.c) $(wildcard profiler/trace/*.h)
LIBXML2_H ?= /usr/include/libxml2/libxml/parser.h

$(STAMP): pyproject.toml $(EXT_SOURCES)
	@$(MAKE) --no-print-directory libxml2
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . --group dev
	@$(BIN)/python -c "from profiler.trace import compiled; why = compiled.unavailable(); print('compiled reader: ' + (why or 'built'))"
	touch $(STAMP)

libxml2: ## Install Debian's libxml2-dev for the compiled reader if missing (the build goes on without it)
	@if [ ! -f $(LIBXML2_H) ] && command -v apt-get >/dev/null && ! command -v xml2-config >/dev/null; then \
	  echo "Installing Debian libxml2-dev for the compiled reader..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  ( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libxml2-dev >/dev/null ) \
	    || echo "warning: libxml2-dev not installed; the pure-Python reader will be used"; \
	fi

install: $(STAMP) ## Create .venv and install the package (editable) with the dev tools

browser: ## Install Debian's chromium for the report browser test (needs root or sudo)
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian chromium for the browser test..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

java: ## Install Debian's Java runtime for the store's Spark test (pyspark in local mode) if missing
	@if ! command -v java >/dev/null; then \
	  echo "Installing Debian default-jre-headless for the Spark test..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

test: $(STAMP) browser java ## Run the whole test suite (installs what it needs first)
	$(BIN)/python -m pytest -q

demo: $(STAMP) ## Full report from the synthetic sample run in traces/
	$(BIN)/profiler report $(SAMPLE) --force
	@echo "Open reports/sample-sd15-iphone13promax.html in a browser; paste the .md into a GitHub issue."

BENCH_TARGETS := .bench/targets.txt

bench: $(STAMP) ## Benchmarks, each a ratio against a baseline run alongside; ends with every target met or not
	@mkdir -p .bench && rm -f $(BENCH_TARGETS)
	BENCH_TARGETS=$(BENCH_TARGETS) $(BIN)/python -m bench.reader
	BENCH_TARGETS=$(BENCH_TARGETS) $(BIN)/python -m bench.report
	BENCH_TARGETS=$(BENCH_TARGETS) $(BIN)/python -m bench.startup
	BENCH_TARGETS=$(BENCH_TARGETS) $(BIN)/python -m bench.bundle
	BENCH_TARGETS=$(BENCH_TARGETS) $(BIN)/python -m bench.store
	BENCH_TARGETS=$(BENCH_TARGETS) $(BIN)/python -m bench.perfetto
	$(BIN)/python -m bench.inspect
	@$(BIN)/python -m bench.targets $(BENCH_TARGETS)

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check profiler tests bench
	$(BIN)/mypy profiler

sample: $(STAMP) ## Regenerate the committed synthetic sample run
	$(BIN)/python -m tests.synthetic.sample --out $(SAMPLE) --force

clean: ## Remove the virtualenv, caches and the built compiled reader
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts build
	rm -f profiler/trace/_fastread*.so
