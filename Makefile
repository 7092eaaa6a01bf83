# sftmine: every target bootstraps .venv and the sandbox packages it needs.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
RUN     ?= runs
SFTMINE := $(BIN)/sftmine

.PHONY: setup system-deps test lint demo mine-competitive trace-ci filter refresh bench bench-exec quality clean build-tasks import-datasets tasks-demo test-tasks scrape-replay scrape record-fixtures test-scrape

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip
	@$(BIN)/pip install -q -e '.[dev,llama,server]'
	@rm -f $(VENV)/.installed-*; touch $@

# gVisor (runsc) and bubblewrap are the sandboxes; install them from Debian when missing.
system-deps:
	@if ! command -v bwrap >/dev/null || ! command -v runsc >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq bubblewrap runsc >/dev/null; \
	fi

test: setup
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check sftmine tracers tests

# The main job on embedded defaults: HumanEval import, then re-verification in the sandbox.
demo: setup
	@mkdir -p $(RUN)/demo
	$(SFTMINE) import humaneval --out $(RUN)/demo/tasks.jsonl
	$(SFTMINE) verify $(RUN)/demo/tasks.jsonl --repeat 2

bench: bench-exec

bench-exec: setup
	$(SFTMINE) bench exec --json --backend all

quality: lint
	$(BIN)/pytest -q tests/test_public_api.py tests/cli/test_help.py

clean:
	rm -rf $(RUN) .pytest_cache

# Tasks and importers: raw problems -> tasks.jsonl (build-tasks), local APPS/TACO/CodeContests files.
RAW          ?= $(RUN)/scrape
TASKS_OUT    ?= $(RUN)/tasks/tasks.jsonl
APPS         ?=
TACO         ?=
CODECONTESTS ?=

build-tasks: setup
	$(SFTMINE) build-tasks $(RAW) --out $(TASKS_OUT)

import-datasets: setup
	@test -n "$(APPS)$(TACO)$(CODECONTESTS)" || { echo "set APPS=, TACO= or CODECONTESTS= to a JSONL/Parquet file or folder"; exit 2; }
	@if [ -n "$(APPS)" ]; then $(SFTMINE) import apps $(APPS) --out $(RUN)/import/apps.jsonl; fi
	@if [ -n "$(TACO)" ]; then $(SFTMINE) import taco $(TACO) --out $(RUN)/import/taco.jsonl; fi
	@if [ -n "$(CODECONTESTS)" ]; then $(SFTMINE) import codecontests $(CODECONTESTS) --out $(RUN)/import/codecontests.jsonl; fi

# The fixture datasets imported and their known solutions re-verified in the sandbox.
tasks-demo: setup
	$(SFTMINE) import apps tests/fixtures/importers/apps_train.jsonl --out $(RUN)/tasks-demo/apps.jsonl
	$(SFTMINE) import taco tests/fixtures/importers/taco_test.jsonl --out $(RUN)/tasks-demo/taco.jsonl
	$(SFTMINE) build-tasks tests/fixtures/tasks/raw_problems.jsonl --out $(RUN)/tasks-demo/raw.jsonl
	$(SFTMINE) verify $(RUN)/tasks-demo/apps.jsonl --repeat 1
	$(SFTMINE) verify $(RUN)/tasks-demo/taco.jsonl --repeat 1
	$(SFTMINE) verify $(RUN)/tasks-demo/raw.jsonl --repeat 1

test-tasks: setup
	$(BIN)/pytest -q tests/sites/test_statement.py tests/sites/test_atcoder.py tests/sites/test_aoj.py \
	  tests/tasks tests/importers tests/cli/test_tasks_cli.py

# Competitive scraping (sftmine/net, Codeforces/LeetCode/CodeChef, scrape/parse): raw problems into $(SCRAPE_OUT).
SCRAPE_OUT   ?= $(RUN)/scrape
SCRAPE_SITES ?= codeforces leetcode codechef
RECORDED     ?= tests/fixtures/recorded

# Offline: replay the recorded sessions (what `make mine-competitive` runs before build-tasks).
scrape-replay: setup
	@for site in $(SCRAPE_SITES); do \
	  $(SFTMINE) scrape $$site --replay $(RECORDED)/$$site --out $(SCRAPE_OUT) || exit 1; done

# Live and polite (robots.txt, per-host delays, on-disk cache): only problems newer than each site's watermark.
scrape: setup
	@for site in $(SCRAPE_SITES); do $(SFTMINE) scrape $$site --out $(SCRAPE_OUT) || exit 1; done

# Rewrite $(RECORDED) from the site fixtures, served by a local server under the real URL paths.
record-fixtures: setup
	$(BIN)/python -m tests.sites.fixture_server $(RECORDED)

test-scrape: setup
	$(BIN)/pytest -q tests/net tests/sites/test_codeforces.py tests/sites/test_leetcode.py \
	  tests/sites/test_codechef.py tests/test_scrape.py tests/cli/test_competitive_cli.py
