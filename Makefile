# phaseone: `make help` lists the targets. Every target sets up .venv first when needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
RAW ?= ../shared/phase-one/raw
STAMP := $(VENV)/.installed
LOCK := requirements.lock

.DEFAULT_GOAL := help
.PHONY: help setup lock reports test lint lab data update bench mutation clean

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

lint: $(STAMP) ## Check the code style (ruff), the floors of the house (import-linter) and the notebooks' rule
	$(BIN)/ruff check lib tests notebooks benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tests/notebook_lint.py notebooks/*.py

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
	$(BIN)/python -m phaseone.data.derive $(RAW)

update: $(STAMP) ## Fetch new months from the official APIs into RAW (options: FETCH="--source ..."), rebuild data/
	$(BIN)/phaseone fetch --raw $(RAW) $(FETCH)
	$(BIN)/python -m phaseone.data.derive $(RAW)
	@echo "derived tables rebuilt from $(RAW); run 'make reports' to rebuild the reports"

bench: $(STAMP) ## Measure build speed against the naive papermill + nbconvert pipeline, and specifications per second
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_specifications.py

MUTATION := .mutation

# mutmut wants the package under src/: it runs in $(MUTATION)/, where src/ links to lib/. Results
# are kept there: a second run tries only changed code, and the survivors again (new tests).
mutation: $(STAMP) ## Mutation score of each module pyproject.toml's only_mutate lists (slow; MUTANTS='phaseone.data*' for some)
	mkdir -p $(MUTATION) && ln -sfn ../lib $(MUTATION)/src
	for p in tests data notebooks pyproject.toml; do ln -sfn ../$$p $(MUTATION)/$$p; done
	test ! -d $(MUTATION)/mutants || $(BIN)/python tests/mutation/score.py --retest $(MUTATION)/mutants
	cd $(MUTATION) && ../$(BIN)/mutmut run --max-children 1 $(MUTANTS) > mutmut.log 2>&1 \
		|| { tail -n 30 mutmut.log; exit 1; }
	$(BIN)/python tests/mutation/score.py $(MUTATION)/mutants

clean: ## Remove the virtual environment and caches (keeps reports/)
	rm -rf $(VENV) $(MUTATION) .pytest_cache .ruff_cache .hypothesis reports/_failed lib/*.egg-info
