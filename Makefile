# Hall Counter developer commands. Every target creates .venv first when needed.
#   make run | test | bench | lint      PYTEST_ARGS=..., BENCH_ARGS=..., RUN_ARGS=... pass through
#   make venv                            (re)install .venv when pyproject.toml changed
#   make clean | distclean               caches and build output | also .venv

SHELL := /bin/bash
.DEFAULT_GOAL := help

# python3.11 when present (Debian 12, pyenv), else python3; override with `make PYTHON=...`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: help run test bench lint dist venv clean distclean

help:
	@echo "make run     start the counter window in demo mode (counter-app --demo)"
	@echo "make test    run the test suite offscreen (PYTEST_ARGS='-k money' to select)"
	@echo "make bench   run the benchmarks (BENCH_ARGS=...), results in docs/PERFORMANCE.md"
	@echo "make lint    ruff, then the layer check (tools/check_layers.py, rules in docs/architecture.md)"
	@echo "make venv    create or refresh .venv; make clean / make distclean"

# Rebuilt when pyproject.toml is newer than the stamp. An existing .venv is reused when its
# interpreter still runs; a broken one (e.g. its base Python was removed) is recreated.
$(STAMP): pyproject.toml
	@if ! $(BIN)/python -c 'import sys' >/dev/null 2>&1; then \
		test -n "$(PYTHON)" || { echo "make: no python3.11 or python3 on PATH" >&2; exit 1; }; \
		echo "$(PYTHON) -m venv --clear $(VENV)"; \
		"$(PYTHON)" -m venv --clear $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/pip install -e '.[test,ledger]'
	@touch $@

venv: $(STAMP)

run: $(STAMP)
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ] && [ -z "$${QT_QPA_PLATFORM:-}" ]; then \
		echo "make run: no DISPLAY or WAYLAND_DISPLAY; if no window opens, use xvfb-run make run or QT_QPA_PLATFORM=offscreen" >&2; \
	fi
	$(BIN)/counter-app --demo $(RUN_ARGS)

# Two test processes (pytest-xdist): most of the suite waits on subprocesses, servers and
# fsync, so two workers halve the wall time on a 2-core machine (22 -> 11 min with #14/#15).
# PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 2
test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check counter_app hall_domain hall_ledger tests bench tools
	$(BIN)/python tools/check_layers.py

# The bundle holds the counter only (no ledger server, no test tools); see installer/.
BUILD_STAMP := $(VENV)/.build-installed
$(BUILD_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[build]'
	@touch $@

dist: $(BUILD_STAMP)
	rm -rf dist/hall-counter build/pyinstaller
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller installer/hall-counter.spec && \
	installer/linux/build-deb.sh dist dist "$$($(BIN)/python -c 'import counter_app; print(counter_app.__version__)')" && \
	echo "make dist: $$(( $$(date +%s) - start )) s; dist/hall-counter/ is $$(du -sm dist/hall-counter | cut -f1) MB unpacked"

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis bench/out *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
