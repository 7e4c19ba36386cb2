# Hamyar: `make simulate` to try it, `make test` to test it. Both set up .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8080

.PHONY: setup simulate test lint typecheck pytest run worker migrate clean mutation

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

setup: $(VENV)/.installed

simulate: setup  ## run Hamyar locally against the emulator: open http://127.0.0.1:$(PORT)/
	$(PY) -m bot simulate --port $(PORT)

lint: setup
	$(VENV)/bin/ruff check .

typecheck: setup
	$(VENV)/bin/mypy

pytest: setup
	$(PY) -m pytest -q

test: lint typecheck pytest  ## ruff, mypy and the whole test suite

MUTATION_WORKERS ?= 1

mutation: setup  ## mutation testing of the rule modules ([tool.mutmut]); slow, not part of `make test`
	$(VENV)/bin/mutmut run --max-children $(MUTATION_WORKERS)
	$(VENV)/bin/mutmut results

run: setup
	$(PY) -m bot run

worker: setup
	$(PY) -m bot worker

migrate: setup
	$(PY) -m bot migrate

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
