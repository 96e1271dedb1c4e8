# `make site` builds the example club; `make test` runs every test. Both set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PARSERS := tests/calendar_parsers
PARSERS_STAMP := $(PARSERS)/node_modules/.installed
AXE := tests/accessibility
AXE_STAMP := $(AXE)/node_modules/.installed

.PHONY: site test check serve bench lint clean system system-test messages

site: $(STAMP) system
	$(BIN)/club build

check: $(STAMP)
	$(BIN)/club check

serve: $(STAMP) system
	$(BIN)/club serve

test: $(STAMP) system-test $(PARSERS_STAMP) $(AXE_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# Time and peak memory of every build phase at 1x, 2x and 4x a 10,000-member club (tens of minutes).
bench: $(STAMP) system
	$(BIN)/python benchmarks/run.py

# The messages' catalogs (generator/messages.py): every t("…") extracted into club.pot, each
# language's club.po updated (new messages untranslated, for a translator), then compiled.
LOCALE := generator/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k t --no-default-keywords --no-location --omit-header --sort-output -o $(LOCALE)/club.pot .
	$(BIN)/pybabel update -i $(LOCALE)/club.pot -d $(LOCALE) -D club --no-fuzzy-matching
	$(BIN)/pybabel compile -d $(LOCALE) -D club --statistics

lint: $(STAMP)
	$(BIN)/ruff check .

system:
	@.ci/system-packages.sh

system-test:
	@.ci/system-packages.sh test

# ical.js (Thunderbird's calendar parser): the calendar tests read every file back with it.
$(PARSERS_STAMP): $(PARSERS)/package.json $(PARSERS)/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the calendar tests (Debian: apt-get install nodejs npm)"; exit 1; }
	cd $(PARSERS) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# axe-core: the accessibility tests run it in Chromium on the built site's pages.
$(AXE_STAMP): $(AXE)/package.json $(AXE)/package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the accessibility tests (Debian: apt-get install nodejs npm)"; exit 1; }
	cd $(AXE) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

clean:
	rm -rf site private .cache
