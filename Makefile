# Editions: `make` builds every edition into dist/; `make test` runs the tests.
PYTHON ?= python3
# The tool's own folder, so `make -f PATH/Makefile` works from a project's folder too.
TOOL := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))
VENV := .venv
PY := $(VENV)/bin/python
FORMATS ?= html,epub,pdf
LOCALES ?=
PUBLICATIONS ?=
PUBLICATION ?=
STRICT ?=
ACCEPT_FUZZY ?=
comma := ,
empty :=
space := $(empty) $(empty)
BUILD_ARGS = $(if $(strip $(LOCALES)),--locales $(subst $(space),$(comma),$(strip $(LOCALES)))) $(if $(STRICT),--strict) \
	$(if $(strip $(PUBLICATIONS)),--publications $(subst $(space),$(comma),$(strip $(PUBLICATIONS)))) \
	$(if $(ACCEPT_FUZZY),--accept-fuzzy $(ACCEPT_FUZZY))

.PHONY: all build html epub pdf new-locale catalogs export import status review test check bench clean help survival-long \
	system-packages

all: build

# The Debian packages of system-packages.txt: `build` for every target, `test` too for make test
# and make check. Installed when missing if run as root; otherwise one line names them.
SYSTEM_GROUPS = build $(if $(filter test check node_modules/.installed,$(MAKECMDGOALS)),test)

system-packages: ## install the missing Debian packages (as root), or name them
	@$(TOOL)scripts/system-packages $(SYSTEM_GROUPS)

$(VENV)/.installed: requirements.txt | system-packages
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

build: system-packages $(VENV)/.installed ## build every edition (PUBLICATIONS=2025-02, LOCALES="fr ar", STRICT=1, ACCEPT_FUZZY=85)
	$(PY) build.py --formats $(FORMATS) $(BUILD_ARGS)

html epub pdf: system-packages $(VENV)/.installed ## build one format
	$(PY) build.py --formats $@ $(BUILD_ARGS)

new-locale: $(VENV)/.installed ## scaffold locales/$(LOCALE)/
	@test -n "$(LOCALE)" || { echo "usage: make new-locale LOCALE=it" >&2; exit 2; }
	$(PY) build.py new-locale $(LOCALE)

catalogs: $(VENV)/.installed ## extract UI strings and update every locale's catalog
	$(PY) build.py catalogs

export: $(VENV)/.installed ## units a locale still needs, for a translator: LOCALE=fr FORMAT=xliff|xliff-copy|xliff2|po|tmx (PUBLICATION=slug in a periodical)
	@test -n "$(LOCALE)" || { echo "usage: make export LOCALE=fr FORMAT=xliff" >&2; exit 2; }
	$(PY) build.py export --locale $(LOCALE) --format $(or $(FORMAT),xliff) $(if $(PUBLICATION),--publication $(PUBLICATION))

import: $(VENV)/.installed ## merge a translator's file into the memory: FILE=... LOCALE=fr (PUBLICATION=slug in a periodical)
	@test -n "$(FILE)" -a -n "$(LOCALE)" || { echo "usage: make import FILE=fr.xlf LOCALE=fr" >&2; exit 2; }
	$(PY) build.py import $(FILE) --locale $(LOCALE) $(if $(PUBLICATION),--publication $(PUBLICATION))

status: $(VENV)/.installed ## every locale's state: units and words per match level, coverage, QA
	$(PY) build.py status

review: system-packages $(VENV)/.installed ## build the HTML editions and a review proof per locale (build/review/TAG/review.html)
	$(PY) build.py --formats html --review $(BUILD_ARGS)

test: system-packages $(VENV)/.installed node_modules/.installed ## run the test suite (builds and validates sample editions)
	$(PY) -m pytest -q -n auto --dist loadscope --no-loadscope-reorder tests

node_modules/.installed: package.json package-lock.json | system-packages
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts
	touch $@

check: system-packages $(VENV)/.installed node_modules/.installed ## every validator on every edition of the sample and of samples/garden (build/reports/)
	$(PY) build.py check $(if $(strip $(LOCALES)),--locales $(subst $(space),$(comma),$(strip $(LOCALES)))) \
		$(if $(strip $(PUBLICATIONS)),--publications $(subst $(space),$(comma),$(strip $(PUBLICATIONS))))
	$(if $(strip $(LOCALES))$(strip $(PUBLICATIONS)),,$(PY) build.py check --project samples/garden)

bench: $(VENV)/.installed ## build time against the raw engines; memory lookup against Translate Toolkit
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/run.py
	$(PY) bench/memory.py

clean: ## remove dist/ and build/
	rm -rf dist build

help: ## list the targets
	@grep -E '^[a-z -]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

survival-long: $(VENV)/.installed ## kill 66 builds at random points: no process, temporary or untrue manifest left
	EDITIONS_KILL_RUNS=66 $(PY) -m pytest -q -s tests/build/test_survival.py -k killed

roundtrip-long: $(VENV)/.installed ## the unit round-trip property over 10,000 generated documents (two processes)
	EDITIONS_ROUNDTRIP_EXAMPLES=5000 EDITIONS_ROUNDTRIP_SEED=1 $(PY) -m pytest -q -p no:cacheprovider \
	  --hypothesis-show-statistics tests/source/test_roundtrip.py -k generated & first=$$!; \
	EDITIONS_ROUNDTRIP_EXAMPLES=5000 EDITIONS_ROUNDTRIP_SEED=2 $(PY) -m pytest -q -p no:cacheprovider \
	  --hypothesis-show-statistics tests/source/test_roundtrip.py -k generated; second=$$?; \
	wait $$first && exit $$second
