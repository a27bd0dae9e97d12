# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
# Each creates the virtual environment .venv and installs the project into it first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)  ## validate the archive, show its threads, list and verify its releases
	$(BIN)/threadarchive validate
	$(BIN)/threadarchive show
	$(BIN)/threadarchive releases
	$(BIN)/threadarchive verify

test: $(STAMP)  ## lint and type-check, the test suite, then the archive's own data by the tool
	$(BIN)/ruff check src tests bench hatch_build.py
	$(BIN)/ruff format --check src tests bench hatch_build.py
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest
	$(BIN)/threadarchive validate --strict --quiet
	$(BIN)/threadarchive verify

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
