# VanThu Desk — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Debian packages the suite and the demo need (checked, installed with apt-get when root).
DEB_PACKAGES := poppler-utils softhsm2 opensc libnss3-tools openssl \
	libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 \
	libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0 \
	libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libx11-xcb1 libxkbcommon-x11-0 \
	fonts-dejavu-core xvfb xdotool
DEMO_HOME ?= demo-workspace

.PHONY: run test test-field bench lint format deps venv clean translations screenshots

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing Debian packages:$$missing (run: sudo apt-get install$$missing)"; exit 1; \
	  fi; \
	fi

# The field corpus (tests/data/field/README.md): public signed PDFs that may not be committed;
# its tests run wherever the files are (VANTHU_FIELD_CORPUS, ../shared/samples/field-pdf, or
# local copies in tests/data/field), and `make test` says so loudly when they are not.
FIELD_DIRS := $(VANTHU_FIELD_CORPUS) ../shared/samples/field-pdf tests/data/field
FIELD_FOUND = $(firstword $(foreach d,$(FIELD_DIRS),$(if $(wildcard $(d)/*.pdf),$(d))))

# The window's English, compiled from resources/translations/*.ts (the .qm are not in git).
translations: $(STAMP)
	$(PY) -m ui.i18n build

test: deps $(STAMP) translations
	$(VENV)/bin/ruff check app ui signing sync tests bench
	$(VENV)/bin/ruff format --check app ui signing sync tests bench
	@if [ -n "$(FIELD_FOUND)" ]; then \
	  echo "Field corpus: $(FIELD_FOUND)"; \
	  QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q; \
	else \
	  echo "NOTE: the field corpus of signed PDFs is not on this machine (looked in: $(FIELD_DIRS));"; \
	  echo "      its tests (pytest -m field, make test-field) are not run here: tests/data/field/README.md"; \
	  QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not field"; \
	fi

test-field: deps $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m field

bench: deps $(STAMP)
	$(PY) bench/run_all.py

# Builds the demo on first run (registers, test tokens and PKI, a second office, a local axis),
# then opens the window, which runs the demo's servers (the axis and the second office, child
# processes on 127.0.0.1) while it is open (exit 10: no display here, and the command said what
# to do instead; `vanthu --home demo-workspace demo --serve` runs the servers alone).
run: deps $(STAMP) translations
	$(VENV)/bin/vanthu --home $(DEMO_HOME) demo
	$(VENV)/bin/vanthu --home $(DEMO_HOME) gui || test $$? -eq 10

# A PNG of every main view of the demo workspace, in screenshots/.
screenshots: deps $(STAMP) translations
	$(VENV)/bin/vanthu --home $(DEMO_HOME) demo >/dev/null
	mkdir -p screenshots
	for view in incoming drafts outgoing sending registers directory; do \
	  $(VENV)/bin/vanthu --home $(DEMO_HOME) gui --view $$view --screenshot screenshots/$$view.png || exit 1; \
	done
	# every dialog, in Vietnamese and English, light and dark: drawn by the tests that open them
	mkdir -p screenshots/dialogs
	VANTHU_UI_SHOTS=$(CURDIR)/screenshots/dialogs QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:randomly \
	  tests/ui/test_register_dialog.py tests/ui/test_export_dialog.py tests/ui/test_signatures.py \
	  tests/ui/test_sign_dialog.py tests/ui/test_sign_batch.py tests/ui/test_sign_pin.py \
	  tests/ui/test_issue.py tests/ui/test_incoming.py tests/ui/test_sync_status.py \
	  tests/ui/test_settings.py tests/ui/test_english.py
	@echo "Screenshots in screenshots/ and screenshots/dialogs/"

lint: $(STAMP)
	$(VENV)/bin/ruff check app ui signing sync tests bench

format: $(STAMP)
	$(VENV)/bin/ruff format app ui signing sync tests bench
	$(VENV)/bin/ruff check --fix app ui signing sync tests bench

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .ruff_cache screenshots resources/translations/*.qm
