# exceed-analysis: `make help` lists the targets.
# Every target sets up what it needs first, so each works on a fresh clone.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup browser data reports test test-fast bench bench-national notebook-outputs lab synth partner-template clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,lab]'
	@touch $@

setup: $(STAMP) ## Create .venv and install the package with its test and lab tools

browser: ## Install Debian's chromium for PDFs (as root), or say what to install
	@sh scripts/install-browser.sh

data: $(STAMP) ## Validate data/raw/ and write the processed store (data/processed/)
	$(BIN)/exceed ingest

reports: setup browser data ## Set up, then build every city's latest quarter, Lampung 2010, the programme reports and the site
	$(BIN)/exceed build
	$(BIN)/exceed build --city bandar-lampung --period 2010
	$(BIN)/exceed build --programme-only --period 2010
	$(BIN)/exceed build --programme-only --language en
	$(BIN)/exceed build --programme-only --language en --period 2010

test: setup browser data ## Set up, then run every test (unit, notebooks with nbval, end to end)
	$(BIN)/python -m pytest

test-fast: setup ## Unit tests only (no kernel, no browser)
	$(BIN)/python -m pytest -m "not slow" tests src/exceed_analysis

bench: setup browser data ## Time the batch against the plain chain, and a report's cost as the caseload grows (medium size)
	$(BIN)/python bench/bench_batch.py
	$(BIN)/python bench/bench_scale.py --size medium

bench-national: setup ## The scale benchmark at national size (500 districts, 1M children, 15M services; about 9 min)
	$(BIN)/python bench/bench_scale.py --size national

notebook-outputs: setup data ## Re-run the notebooks in place (refresh the outputs nbval compares)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

lab: setup data ## Start JupyterLab on 127.0.0.1 at notebooks/explore.ipynb (the analyst's entry)
	$(BIN)/exceed lab

partner-template: setup ## Rebuild docs/partner-template.xlsx (the blank workbook partners fill in)
	$(BIN)/python scripts/make_partner_template.py

synth: setup ## Regenerate the synthetic registers in data/raw/ (seeded, byte for byte)
	$(BIN)/python -m exceed_analysis.synthetic.registers

clean: ## Remove generated data and outputs (never data/raw/)
	rm -rf data/processed/* outputs/*
	@touch data/processed/.gitkeep outputs/.gitkeep
