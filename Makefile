# Trường Số — the two commands of the README, plus packaging.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
QM := resources/i18n/qt_vi.qm

.PHONY: run test lint package bench clean system

## System packages first (packaging/apt-packages.txt): when one is missing, the check prints
## the apt-get line that installs it and stops. Each target names what it needs (NEEDS); the
## check runs before anything else, the venv included (order-only prerequisite).
NEEDS ?= venv
system:
	@$(PYTHON) packaging/check_system.py $(NEEDS)

$(STAMP): pyproject.toml | system
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Qt's own texts in Vietnamese: resources/i18n/qt_vi.ts (written by hand) compiled for QTranslator.
## The .qm is committed too, so a fresh clone and the bundle have it; a test checks it matches the .ts.
$(QM): resources/i18n/qt_vi.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent -fail-on-invalid $< -qm $@

## make run: install everything into .venv and open the app on the embedded SQLite database
run: NEEDS := run
run: system $(STAMP) $(QM)
	$(PY) main.py

## make test: install everything, then lint, type-check, layering, migrations, tests
## Tests run on every core (TEST_WORKERS=0: in one process); PYTEST_ARGS='-m "not slow and not gui"'
## selects. Their temporary folders go to RAM (/dev/shm) where there is one: the fsyncs of SQLite's
## synchronous=FULL, restore points and backups there cost nothing, on disk half the suite's time.
TEST_WORKERS ?= auto
TEST_TMPDIR ?= $(firstword $(wildcard /dev/shm) $(or $(TMPDIR),/tmp))
test: NEEDS := test
test: system $(STAMP) $(QM) lint
	TMPDIR=$(TEST_TMPDIR) QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider \
	  -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	rm -f .alembic-check.sqlite .alembic-check-hub.sqlite
	TRUONGSO_DB_URL=sqlite:///$(CURDIR)/.alembic-check.sqlite $(VENV)/bin/alembic upgrade head
	TRUONGSO_DB_URL=sqlite:///$(CURDIR)/.alembic-check.sqlite $(VENV)/bin/alembic check
	TRUONGSO_HUB_DB_URL=sqlite:///$(CURDIR)/.alembic-check-hub.sqlite $(VENV)/bin/alembic -n hub upgrade head
	TRUONGSO_HUB_DB_URL=sqlite:///$(CURDIR)/.alembic-check-hub.sqlite $(VENV)/bin/alembic -n hub check
	rm -f .alembic-check.sqlite* .alembic-check-hub.sqlite*

## make package: one-folder bundle with PyInstaller (dist/truongso/), then its --self-test and
## its first window, offscreen (TRUONGSO_STARTUP_PROBE closes it once shown); then its size
## (what goes into it and why: docs/decisions/011-startup-and-bundle-size.md).
package: NEEDS := package
package: system $(STAMP) $(QM)
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN packaging/truongso.spec
	check_dir=$$(mktemp -d) && \
	  export QT_QPA_PLATFORM=offscreen TRUONGSO_DATA_DIR=$$check_dir && \
	  dist/truongso/truongso-cli --self-test && \
	  TRUONGSO_STARTUP_PROBE=1 dist/truongso/truongso --db sqlite:///$$check_dir/cua-so.sqlite >/dev/null; \
	  rc=$$?; rm -rf $$check_dir; exit $$rc
	du -sh dist/truongso

## make bench: the benchmarks in bench/ (figures and ratios; see bench/README.md); bench/_*.py
## are their shared helpers, not benches
bench: NEEDS := qt
bench: system $(STAMP)
	for b in bench/[!_]*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
