# VanThu Desk — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Debian packages the suite and the demo need (checked, installed with apt-get when root).
DEB_PACKAGES := poppler-utils softhsm2 opensc libnss3-tools openssl
DEMO_HOME ?= demo-workspace

.PHONY: run test bench lint format deps venv clean

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

test: deps $(STAMP)
	$(VENV)/bin/ruff check app ui signing sync tests bench
	$(VENV)/bin/ruff format --check app ui signing sync tests bench
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: deps $(STAMP)
	$(PY) bench/run_all.py

run: deps $(STAMP)
	$(VENV)/bin/vanthu --home $(DEMO_HOME) demo

lint: $(STAMP)
	$(VENV)/bin/ruff check app ui signing sync tests bench

format: $(STAMP)
	$(VENV)/bin/ruff format app ui signing sync tests bench
	$(VENV)/bin/ruff check --fix app ui signing sync tests bench

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache .ruff_cache
