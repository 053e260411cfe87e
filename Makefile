# Two set-up-and-go commands (see README): `make reports` and `make test`.
# Each creates the virtual environment on first use; pyproject.toml is the source of truth.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: reports test setup fonts build clean-reports

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

setup: $(STAMP) fonts

# A CJK font so charts show Chinese (Debian's fonts-noto-cjk). Installed when we are root
# and apt is there; otherwise charts fall back to English labels with one warning.
fonts:
	@bash scripts/ensure-cjk-font.sh

build: setup
	$(BIN)/ipstats build

reports: setup
	$(BIN)/ipstats render

# Lint (ruff), types (mypy), then the tests: what CI runs. Configured in pyproject.toml.
test: setup
	$(BIN)/ruff check ipstats
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
