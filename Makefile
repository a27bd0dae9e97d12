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
	$(BIN)/threadarchive verify latest

test: $(STAMP)  ## lint, then the whole test suite
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/pytest

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
