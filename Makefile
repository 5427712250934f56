# safemig — the two commands are `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test check lock bench goldens clean

setup: $(STAMP)

# Pinned, locked install: requirements.lock is generated from pyproject.toml by `make lock`.
$(STAMP): pyproject.toml requirements.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: setup
	$(BIN)/safemig demo --output demo-output

test: setup
	$(BIN)/python -m pytest -q

check: setup
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

# Regenerate the lock file (needs network access to PyPI and the uv tool).
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

# Side-by-side benchmark against peers; writes benchmarks/RESULTS.md.
bench: setup
	$(BIN)/pip install --quiet --require-hashes -r benchmarks/requirements.lock
	$(BIN)/python benchmarks/run.py

# Regenerate the R `survey` golden values (needs R and r-cran-survey; see tests/golden/README.md).
goldens:
	Rscript tests/golden/make_goldens.R tests/golden

clean:
	rm -rf $(VENV) demo-output
