# breakaway — every target sets up .venv first when it is missing or stale.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help setup lock report test test-fast lab explore lint clean bench bench-render browser bytecode

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@echo "breakaway: setting up $(VENV) (first time or the lock changed; about 2 minutes)"
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "breakaway: installing the locked versions (requirements.lock, hash-checked), then the project"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --editable .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)
	@echo "breakaway: $(VENV) is ready"

# The lock pins every package (the project's, its Dask extra's and its test tools') with hashes.
# Refresh it after changing the dependencies in pyproject.toml; needs PyPI.
UV_VERSION := 0.13.9
lock:  ## Refresh requirements.lock from pyproject.toml (exact versions with hashes; needs PyPI)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra cluster --extra test --generate-hashes \
	  --python-version 3.11 --universal --no-header --quiet -o requirements.lock

# The package's modules compiled ahead (src/**/__pycache__, ignored by git), as a regular install
# would have them: where PYTHONDONTWRITEBYTECODE is set, as on our build machines, Python never
# writes them, so every process (each kernel, each test worker) compiled the modules it imports
# afresh (the package has about 110), about 0.3 s of CPU per kernel. Python still checks each
# file's time and size, so an edited module is compiled again in memory; this step refreshes
# only what changed (well under a second).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q src

setup: $(STAMP)  ## Create .venv with the locked versions of the project, its Dask extra and test tools

report: $(STAMP) bytecode  ## Render every briefing and the comparison, as of today, into reports/
	$(BIN)/breakaway render

# The browser test drives Debian's Chromium (no browser download); root on Debian installs it.
browser:  ## Install Debian's Chromium for the browser test (when root and missing)
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	  >/dev/null 2>&1; } || echo "note: chromium is not installed; the browser test will be skipped"

# pytest rewrites each test module's asserts and keeps the result in tests/**/__pycache__ (ignored
# by git) for the next run; where PYTHONDONTWRITEBYTECODE is set, as on our build machines, it
# never keeps it, and every worker of every run rewrote the test modules (about 150) again: 2 to 3 s
# before a worker's first test (measured: first test at 5.0 to 5.8 s without the kept modules,
# 2.5 to 3.8 s with them). The test targets let pytest keep them; the first run after a change
# writes them.
TESTS_KEEP_BYTECODE := PYTHONDONTWRITEBYTECODE=

# The whole suite on every core (pytest-xdist). pyproject.toml keeps each file on one worker
# (--dist loadfile: a file's rendered reports are made once) and hands out the costliest files
# first (tests/suiteorder.py); tests/rendered.py renders each shared set of reports once per
# session for all workers. Targets: under 8 minutes here, make test-fast under 45 s, on an idle
# 2-core machine; the measured times (wall clock and CPU time) and the slowest tests are in
# benchmarks/RESULTS.md (benchmarks/suite_bench.py, part of make bench).
test: $(STAMP) bytecode browser  ## Run the whole test suite (what CI runs)
	$(TESTS_KEEP_BYTECODE) $(BIN)/python -m pytest -n auto

# The unit tier (tests/unit) spreads over the machine's cores (pytest-xdist); a unit test that
# starts a Jupyter kernel fails (tests/kernelguard.py). Each worker validates a data folder once
# for the same bytes (breakaway.data keeps a load by its files' bytes) and runs refused commands
# in process; benchmarks/RESULTS.md ("Suite: before and after") has what that saved.
test-fast: $(STAMP) bytecode  ## Run the unit tests only (no notebook renders; target under 45 s, see RESULTS.md)
	$(TESTS_KEEP_BYTECODE) $(BIN)/python -m pytest tests/unit -m "not integration" -q -n auto

# Root (containers, CI boxes) needs --allow-root; LAB_ARGS passes more, e.g.
# make lab LAB_ARGS="--no-browser --port 8899"
LAB_ARGS ?=
lab: $(STAMP)  ## Open the notebooks in JupyterLab (LAB_ARGS="--no-browser --port N")
	$(BIN)/jupyter lab notebooks/ $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(LAB_ARGS)

explore: $(STAMP)  ## Open notebooks/explore.ipynb (the as-of frames, for analysts) in JupyterLab
	$(BIN)/jupyter lab notebooks/explore.ipynb $$( [ "$$(id -u)" = 0 ] && echo --allow-root ) $(LAB_ARGS)

lint: $(STAMP)  ## Check style (ruff), the import layers (import-linter) and types (mypy)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:  ## Remove generated reports and figures (keeps .venv)
	rm -rf reports figures/*/

# The render targets of issue 22 side by side, in one run: the batch against the plain loop
# (median of 3), the no-op run and the quiet night (about 6 minutes on an idle 2-core machine).
bench-render: $(STAMP) bytecode  ## Time the batch vs the plain loop, the no-op run and a quiet night
	$(BIN)/python benchmarks/render_bench.py > /dev/null
	$(BIN)/python benchmarks/nightly_bench.py --repeats 3 > /dev/null
	@grep -E '^- (PASS|FAIL)' benchmarks/RESULTS.md

bench: bench-render  ## bench-render, then scale (10 to 1,000 territories), Dask vs the local pool, the suite
	$(BIN)/python benchmarks/scale_bench.py
	$(BIN)/python benchmarks/dask_bench.py
	$(BIN)/python benchmarks/suite_bench.py
