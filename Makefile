# exceed-analysis: `make help` lists the targets.
# Every target sets up what it needs first, so each works on a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# the processed store is rebuilt only when something in data/raw/ or config/ changed
# (or the intake code); the stamp records the last ingest
INGESTED := data/processed/.ingested
RAW      := $(shell find data/raw config -type f 2>/dev/null | sed 's/ /\\ /g') \
            $(wildcard src/exceed_analysis/intake/*.py) $(wildcard src/exceed_analysis/schemas/*.py)
# LOCKED=0 installs from pyproject.toml's ranges instead of the lock file (to try upgrades)
LOCKED ?= 1

.DEFAULT_GOAL := help
.PHONY: help setup browser data ingest reports lint test test-fast bench bench-quick bench-national notebook-outputs lab synth partner-template clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
ifeq ($(LOCKED),1)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { \
	  echo "requirements.lock is for Python 3.11: run with PYTHON=python3.11, or LOCKED=0 to install from pyproject.toml's ranges"; exit 2; }
endif
	$(PYTHON) -m venv $(VENV)
ifeq ($(LOCKED),1)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
else
	$(BIN)/pip install --quiet -e '.[dev,lab]'
endif
	@# pip compiles what it installs but not the editable src/: where PYTHONDONTWRITEBYTECODE
	@# is set, every process of a build would compile the package again (0.1 s each)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m compileall -q src
	@touch $@

setup: $(STAMP) ## Create .venv and install the locked dependencies (requirements.lock) and the package

browser: ## Install Debian's chromium for PDFs (as root), or say what to install
	@sh scripts/install-browser.sh

$(INGESTED): $(STAMP) $(RAW)
	$(BIN)/exceed ingest $(INGEST_FLAGS)
	@touch $@

data: $(INGESTED) ## Validate data/raw/ and write the processed store (only when data/raw/ changed)

ingest: $(STAMP) ## Validate data/raw/ and write the processed store, even if nothing changed
	$(BIN)/exceed ingest $(INGEST_FLAGS)
	@touch $(INGESTED)

ARCHIVE := $(BIN)/python -m exceed_analysis.publish.editions

reports: setup browser data ## Set up, then build the archive (every city and period, programme reports, English and public editions) and the site
	@# Indonesian internal: every city for every quarter, half-year and year with data, with the programme reports
	$(BIN)/exceed build --archive
	@# English: the latest quarter and the years, cities and programme
	$(BIN)/exceed build --language en $$($(ARCHIVE) latest-and-years)
	@# Public editions (counts 1-4 withheld) of the latest quarter, whose narratives are complete
	$(BIN)/exceed build --edition public $$($(ARCHIVE) latest)
	$(BIN)/exceed build --edition public --language en $$($(ARCHIVE) latest)
	@# every link of outputs/ resolves and names no host
	$(BIN)/python -m exceed_analysis.publish.linkcheck

lint: setup ## ruff (lint and format), mypy and the data dictionary's figure table, as in CI
	$(BIN)/ruff check src
	$(BIN)/ruff format --check src
	$(BIN)/mypy
	$(BIN)/python -m exceed_analysis.figures.dictionary --check

test: setup browser data ## Set up, then run every test (unit, notebooks with nbval, end to end)
	$(BIN)/python -m pytest

test-fast: setup ## Unit tests only (no kernel, no browser)
	$(BIN)/python -m pytest -m "not slow" tests src/exceed_analysis

bench: setup browser data ## Time the batch against a fair plain chain, the archive and a no-op rebuild; a report's cost as the caseload grows
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_scale.py --size medium

bench-quick: setup browser data ## The same benchmark, small and once (checks the script, not the targets)
	$(BIN)/python bench/bench_batch.py --quick

bench-national: setup ## The scale benchmark at national size (500 districts, 1M children, 15M services; about 9 min)
	$(BIN)/python bench/bench_scale.py --size national

notebook-outputs: setup data ## Re-run the notebooks in place (refresh the outputs nbval compares)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

lab: setup data ## Start JupyterLab on 127.0.0.1 serving the project, at your own copy of the explore notebook (lab/, git-ignored)
	$(BIN)/exceed lab

partner-template: setup ## Rebuild docs/partner-template.xlsx (the blank workbook partners fill in)
	$(BIN)/python scripts/make_partner_template.py

synth: setup ## Regenerate the synthetic registers in data/raw/ (seeded, byte for byte)
	$(BIN)/python -m exceed_analysis.synthetic.registers

clean: ## Remove generated data and outputs (never data/raw/)
	rm -rf data/processed/* data/processed/.ingested outputs/*
	@touch data/processed/.gitkeep outputs/.gitkeep
