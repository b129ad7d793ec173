# runreport — every target installs what it needs. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages, as "package:command-or-file-that-proves-it-is-there".
# A probe ending in .so.N is looked up with ldconfig, one starting with / must exist,
# anything else is a command on PATH.
REPORT_DEBS := libpango-1.0-0:libpango-1.0.so.0 libpangoft2-1.0-0:libpangoft2-1.0.so.0 \
               fonts-dejavu-core:/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
               fonts-noto-color-emoji:/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf
TEST_DEBS := chromium:chromium poppler-utils:pdffonts default-jre-headless:java nodejs:node npm:npm
# npm tools for the quality gates and `make lighthouse`, kept inside the virtualenv (never committed).
NPM_TOOLS := axe-core@4.10.3 vnu-jar@24.10.17 lighthouse@12.8.2
NPM_DIR := $(VENV)/npm
# Pinned versions (see the file's header): the committed exports depend on them.
LOCK := .ci/requirements-lock.txt

.DEFAULT_GOAL := help
.PHONY: help report test lint format lab bench eval lighthouse clean venv system-report system-test npm-tools

## Show this help
help:
	@awk '/^## /{doc=substr($$0,4); next} /^[a-z-]+:/{if(doc){split($$1,t,":"); printf "  make %-10s %s\n", t[1], doc}; doc=""}' $(MAKEFILE_LIST)

## Build the report, the data and the figures into exports/
report: venv system-report
	$(BIN)/runreport build

## Check the code with ruff, then run every test (installs chromium, poppler, Java, npm tools)
test: venv-test lint system-report system-test npm-tools
	$(BIN)/python -m pytest

## Check formatting and lint with ruff (configured in pyproject.toml)
lint: venv-test
	$(BIN)/ruff format --check --quiet .
	$(BIN)/ruff check --quiet .

## Format the code and apply ruff's safe fixes
format: venv-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Open JupyterLab on the notebooks in the project's environment
lab: venv system-report
	$(BIN)/jupyter lab --notebook-dir=notebooks

## Time the build against plain nbconvert, then score the fresh pages with Lighthouse
bench: venv-test system-report system-test npm-tools
	$(BIN)/python bench/bench_build.py

## Score the parser (tests/corpus/), the verdicts (tests/factcheck/verdict_cases.yaml) and the lexicon's coverage
eval: venv
	$(BIN)/python bench/eval.py
	$(BIN)/python bench/eval_verdicts.py
	$(BIN)/python bench/eval_lexicon.py

## Lighthouse (mobile) scores of exports/report.html and index.html, served from 127.0.0.1
lighthouse: venv-test system-test npm-tools
	$(BIN)/python bench/lighthouse.py exports

## Remove the virtualenv and caches (keeps exports/)
clean:
	rm -rf $(VENV) .cache .pytest_cache .hypothesis test-artifacts

venv: $(VENV)/.installed
venv-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e '.[test]'
	@touch $@

# Install missing Debian packages when root; otherwise say what to install.
define apt_ensure
	@missing=""; for spec in $(1); do pkg=$${spec%%:*}; probe=$${spec#*:}; \
	  if [[ $$probe == *.so.* ]]; then /sbin/ldconfig -p | grep -q "$$probe" || missing="$$missing $$pkg"; \
	  elif [[ $$probe == /* ]]; then [ -e "$$probe" ] || missing="$$missing $$pkg"; \
	  else command -v "$$probe" >/dev/null || missing="$$missing $$pkg"; fi; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Missing Debian packages:$$missing. Run as root, or: sudo apt-get install$$missing" >&2; exit 1; fi; fi
endef

system-report:
	$(call apt_ensure,$(REPORT_DEBS))

system-test:
	$(call apt_ensure,$(TEST_DEBS))

npm-tools: $(NPM_DIR)/.installed
$(NPM_DIR)/.installed: Makefile
	@mkdir -p $(NPM_DIR)
	npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix $(NPM_DIR) $(NPM_TOOLS)
	@touch $@
