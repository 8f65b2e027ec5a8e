# phaseone: `make help` lists the targets. Every target sets up .venv first when needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RAW ?= ../shared/phase-one/raw
STAMP := $(VENV)/.installed
LOCK := requirements.lock

.DEFAULT_GOAL := help
.PHONY: help setup lock reports test lint lab data update bench clean

help: ## List the targets
	@grep -hE '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

setup: $(STAMP) ## Create .venv and install the exact versions of requirements.lock

lock: $(STAMP) ## Refresh requirements.lock from pyproject.toml (newest allowed versions, hashed)
	$(BIN)/python -m pip install --quiet 'uv>=0.4,<1'
	$(BIN)/uv pip compile pyproject.toml --extra test --upgrade --generate-hashes --no-header \
		--no-annotate --python-platform x86_64-unknown-linux-gnu \
		--python-version $$($(BIN)/python -c 'import platform; print(platform.python_version())') \
		--quiet -o $(LOCK)

reports: $(STAMP) ## Build every report into reports/ (skips reports whose inputs did not change)
	$(BIN)/phaseone build

lint: $(STAMP) ## Check the code style (ruff)
	$(BIN)/ruff check lib tests notebooks benchmarks

test: lint ## Run the test suite (lint included)
	$(BIN)/python -m pytest

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LAB_ARGS ?=
# Jupyter refuses to run as root unless told; root is the usual user in containers.
LAB_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(STAMP) ## JupyterLab at the project root, notebooks open as notebooks (extra flags: LAB_ARGS="--no-browser --port 8899")
	mkdir -p $(dir $(LAB_SETTINGS))
	printf '%s\n' '{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"python": "Jupytext Notebook"}}, "@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}' > $(LAB_SETTINGS)
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(LAB_ROOT) $(LAB_ARGS) $(wildcard notebooks/*.py)

data: $(STAMP) ## Rebuild the derived tables in data/ from RAW (default ../shared/phase-one/raw)
	$(BIN)/python -m phaseone.derive $(RAW)

update: $(STAMP) ## Fetch new months from the official APIs into RAW (options: FETCH="--source ..."), rebuild data/
	$(BIN)/phaseone fetch --raw $(RAW) $(FETCH)
	$(BIN)/python -m phaseone.derive $(RAW)
	@echo "derived tables rebuilt from $(RAW); run 'make reports' to rebuild the reports"

bench: $(STAMP) ## Measure build speed against the naive papermill + nbconvert pipeline
	$(BIN)/python benchmarks/bench_build.py

clean: ## Remove the virtual environment and caches (keeps reports/)
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis reports/_failed lib/*.egg-info
