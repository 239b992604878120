# The two commands: `make demo` and `make test`. Both set themselves up on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: setup demo test lint typecheck unit published bench container-test clean

$(VENV)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

setup: $(VENV)/.installed

# GitHub's published GraphQL schema and webhook examples/schemas, pinned and hash-checked, cached in .cache/
published: setup
	$(PY) -m tests.published

demo: setup
	$(PY) -m bot demo

lint: setup
	$(VENV)/bin/ruff check bot tests bench
	$(VENV)/bin/ruff format --check bot tests bench

typecheck: setup
	$(VENV)/bin/mypy bot

unit: setup published
	$(VENV)/bin/pytest

test: lint typecheck unit

# Where users wait (issue 14): reviews over TLS at 100 ms per request, in the venv and in the image.
bench: setup
	bash bench/bench_image.sh
	$(PY) bench/bench_review.py --image localhost/ecosystem-bot:ci
	$(PY) bench/bench_vet.py
	$(PY) bench/bench_landscape.py
	for entries in 1000 2000 5000; do $(PY) bench/bench_audit.py --entries $$entries || exit 1; done

container-test: setup
	bash .ci/container-test

clean:
	rm -rf $(VENV) .cache build *.egg-info
