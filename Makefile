# SVX developer commands. `make run` and `make test` are the whole set-up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
QT_LIBS := libegl1 libgl1 libfontconfig1 libxkbcommon0 libglib2.0-0 fonts-dejavu-core

.PHONY: run test lint typecheck contracts pytest bench fuzz faults syslibs schema clean readme-picture \
	icons bundle bundle-check install-desktop

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "SVX needs Python 3.11 or newer (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(TSTAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

# Qt needs a few system libraries even offscreen; say exactly what to install.
syslibs:
	@missing=""; for lib in $(QT_LIBS); do \
	  dpkg -s $$lib >/dev/null 2>&1 || missing="$$missing $$lib"; done; \
	if [ -n "$$missing" ] && command -v dpkg >/dev/null; then \
	  echo "Qt needs system libraries that are missing. Install them with:"; \
	  echo "  sudo apt-get install -y$$missing"; exit 1; fi

run: $(STAMP) syslibs
	$(VENV)/bin/svx-desktop resources/examples/bank.svx

lint: $(TSTAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

contracts: $(TSTAMP)
	$(VENV)/bin/lint-imports

typecheck: $(TSTAMP)
	$(VENV)/bin/mypy

pytest: $(TSTAMP) syslibs
	$(PY) -m pytest -q

test: lint contracts typecheck pytest

bench: $(TSTAMP) syslibs
	$(PY) -m benchmarks

# Loader fuzzing beyond `make test` (which runs 3,000 inputs): 50,000 inputs, random seed.
FUZZ_TRIALS ?= 50000
fuzz: $(TSTAMP)
	$(PY) tests/safety/fuzz_loader.py -n $(FUZZ_TRIALS) --out fuzz-failures

# Fault injection with the big counts (kill -9 during save and during editing, disk full,
# read-only folder, long session); `make test` runs the same tests with smaller counts.
faults: $(TSTAMP) syslibs
	SVX_SAVE_KILL_TRIALS=500 SVX_EDIT_KILL_TRIALS=100 SVX_GUI_KILL_TRIALS=40 \
	  SVX_LONG_SESSION_EDITS=10000 \
	  $(PY) -m pytest -q -s tests/safety

# The picture at the top of the README, drawn by `svx export` from the bundled example (so it
# never drifts from the app). Commit docs/images/bank.png after changing how maps look.
readme-picture: $(STAMP) syslibs
	@mkdir -p docs/images
	$(VENV)/bin/svx export resources/examples/bank.svx -o docs/images/bank.png --scale 1

schema: $(STAMP)
	$(PY) -m svx_desktop.fileformat.schema > resources/schema/svx.schema.json

# Icons rendered from the one SVG master (resources/icons/svx.svg) with Qt's QSvgRenderer.
icons: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) packaging/render_icons.py build/icons

# A one-folder bundle, dist/svx/ (svx-desktop and svx side by side); build-only dependency
# PyInstaller comes from the `bundle` extra. See packaging/README.md.
BSTAMP := $(VENV)/.installed-bundle
$(BSTAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[bundle]'
	@touch $@

bundle: $(BSTAMP) icons
	nice $(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist \
	  --workpath build/pyinstaller packaging/svx.spec
	@du -sm dist/svx | awk '{print "bundle: dist/svx is " $$1 " MB"}'

# Runs the bundle with no Python on PATH: svx --version, info, validate (and export when
# the bundled svx has it), and the GUI to its first paint offscreen.
bundle-check:
	sh packaging/check_bundle.sh dist/svx

# Desktop entry, MIME type, icons and AppStream metadata for the current user; the
# launcher runs svx-desktop from PATH, or SVX_EXE (e.g. SVX_EXE=dist/svx/svx-desktop).
install-desktop: icons
	sh packaging/install_desktop.sh build/icons $(SVX_EXE)

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
