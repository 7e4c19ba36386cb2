# Hamyar: `make simulate` to try it, `make test` to test it. Both set up .venv on first use.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8080

.PHONY: setup lock simulate test lint typecheck pytest run worker migrate clean mutation

# The venv holds exactly the versions pinned (with hashes) in requirements-dev.txt; the project itself goes
# in without dependencies, and `pip check` says when pyproject.toml asks for what the lock does not hold.
$(VENV)/.installed: pyproject.toml requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check || { echo "requirements-dev.txt does not satisfy pyproject.toml: run make lock"; exit 1; }
	touch $@

setup: $(VENV)/.installed

# Rewrite the lock files from pyproject.toml's ranges with uv. Pins already in the files stay unless asked:
# `make lock LOCK_ARGS='--upgrade-package aiogram'` (one package) or `LOCK_ARGS=--upgrade` (all).
# The runtime lock (requirements.txt, the Docker image) takes its versions from the dev lock.
UV := $(VENV)/bin/uv
LOCK_FLAGS := --quiet --generate-hashes --universal --python-version 3.11 --custom-compile-command 'make lock'
LOCK_ARGS ?=

lock:
	[ -x $(UV) ] || $(MAKE) setup || [ -x $(UV) ]
	$(UV) pip compile pyproject.toml --extra dev $(LOCK_FLAGS) $(LOCK_ARGS) -o requirements-dev.txt
	$(UV) pip compile pyproject.toml -c requirements-dev.txt $(LOCK_FLAGS) -o requirements.txt

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
	$(PY) -m worker

migrate: setup
	$(PY) -m bot migrate

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
