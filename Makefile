# sftmine: every target bootstraps .venv and the sandbox packages it needs.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)-ray
RUN     ?= runs
SFTMINE := $(BIN)/sftmine

.PHONY: setup system-deps test lint demo mine-competitive trace-ci ci-corpus filter refresh bench bench-exec quality clean build-tasks import-datasets tasks-demo test-tasks scrape-replay scrape record-fixtures test-scrape dedup snapshot export-data report datasets-demo test-datasets bench-trace bench-sample bench-scale tests-humaneval bench-tests

setup: $(STAMP) system-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/pip install -q --upgrade pip
	@$(BIN)/pip install -q -e '.[dev,llama,server,ray]'
	@rm -f $(VENV)/.installed-*; touch $@

# gVisor (runsc) and bubblewrap are the sandboxes, libseccomp compiles their syscall filter; install them
# from Debian when missing.
system-deps:
	@if ! command -v bwrap >/dev/null || ! command -v runsc >/dev/null || ! /sbin/ldconfig -p | grep -q libseccomp.so.2; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq bubblewrap runsc libseccomp2 >/dev/null; \
	fi

test: setup
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check sftmine tracers tests

# The main job on embedded defaults: the whole pipeline (pipelines/demo.yaml), ending in a snapshot and a report.
demo: setup
	$(SFTMINE) refresh pipelines/demo.yaml --out $(RUN)/demo

# The nightly job (cron: exit 0 done, 1 error, 75 another refresh holds the folder).
refresh: setup
	$(SFTMINE) refresh pipelines/nightly.yaml --out $(RUN)/nightly

bench: bench-exec bench-trace bench-sample bench-scale bench-tests

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

# Competitive mining (sftmine/net, the five judges, scrape/parse, mine-competitive): raw problems, then tasks.
SCRAPE_OUT   ?= $(RUN)/scrape
SCRAPE_SITES ?= codeforces atcoder aoj leetcode codechef
RECORDED     ?= tests/fixtures/recorded
COMPETITIVE  ?= pipelines/competitive.yaml

# scrape -> build-tasks for every judge in $(COMPETITIVE) (by default the recorded sessions, offline),
# with a funnel summary; a rerun with nothing new rewrites nothing.
mine-competitive: setup
	$(SFTMINE) mine-competitive $(COMPETITIVE) --out $(RUN)/competitive

# Offline: replay the recorded sessions of $(SCRAPE_SITES) into $(SCRAPE_OUT).
scrape-replay: setup
	@for site in $(SCRAPE_SITES); do \
	  $(SFTMINE) scrape $$site --replay $(RECORDED)/$$site --out $(SCRAPE_OUT) || exit 1; done

# Live and polite (robots.txt, per-host delays, on-disk cache): only problems newer than each site's watermark.
scrape: setup
	@for site in $(SCRAPE_SITES); do $(SFTMINE) scrape $$site --out $(SCRAPE_OUT) || exit 1; done

# Rewrite $(RECORDED) (all five judges) from the site fixtures, served by a local server under the real URL paths.
record-fixtures: setup
	$(BIN)/python -m tests.sites.fixture_server $(RECORDED)

test-scrape: setup
	$(BIN)/pytest -q tests/net tests/sites/test_codeforces.py tests/sites/test_leetcode.py \
	  tests/sites/test_codechef.py tests/test_scrape.py tests/scrape tests/cli/test_competitive_cli.py

# --- CI tracer (issue 4): traced test suites of real projects -> verified function tasks ---
trace-ci: setup
	$(SFTMINE) trace --config pipelines/ci.yaml --out $(RUN)/trace-ci

# The big PyPI corpus: each candidate's newest sdist downloaded (cached in $(RUN)/ci-corpus), admitted when
# it ships tests, is pure Python and allows this Python; reasons for the rest in the .excluded.tsv beside it.
ci-corpus: setup
	$(SFTMINE) ci-corpus pipelines/ci-corpus-candidates.txt --out pipelines/ci-sources-pypi.txt \
	  --excluded pipelines/ci-sources-pypi.excluded.tsv --cache $(RUN)/ci-corpus

bench-trace: setup
	$(SFTMINE) bench trace pypi:semver==3.0.2 --work $(RUN)/bench-trace --rounds 3 --json

# --- model-sampling filter (issue 5): sample a model per task, judge in the sandbox, keep what it solves ---
# Default tasks: HumanEval; settings: pipelines/filter.yaml. E.g. make filter FILTER_ARGS="--limit 20 --n 4"
FILTER_TASKS ?=
FILTER_ARGS  ?=

filter: setup
	@mkdir -p $(RUN)/filter
	@if [ -z "$(FILTER_TASKS)" ]; then $(SFTMINE) import humaneval --out $(RUN)/humaneval.jsonl; fi
	$(SFTMINE) filter $(or $(FILTER_TASKS),$(RUN)/humaneval.jsonl) --config pipelines/filter.yaml \
	  --out $(RUN)/filter $(FILTER_ARGS)

bench-sample: setup
	$(SFTMINE) bench sample --tasks 2 --n 64 --max-tokens 128 --json

# --- scale-out (issue 7): judge throughput, local executor vs a local Ray instance with 1 and 2 workers ---
bench-scale: setup
	$(SFTMINE) bench scale --json

# --- datasets (issue 6): dedup/decontamination, snapshots, exports, report ---
# E.g. make dedup DEDUP_IN="runs/import/apps.jsonl runs/tasks/tasks.jsonl"; make snapshot (after make filter).
DEDUP_IN      ?= $(RUN)/tasks/tasks.jsonl
DEDUP_OUT     ?= $(RUN)/dedup
SNAPSHOT_IN   ?= $(RUN)/filter
DATA_OUT      ?= $(RUN)/data
EXPORT_FORMAT ?= sft
EXPORT_OUT    ?= $(DATA_OUT)/exports/$(EXPORT_FORMAT).$(if $(filter parquet,$(EXPORT_FORMAT)),parquet,jsonl)

dedup: setup
	$(SFTMINE) dedup $(DEDUP_IN) --out $(DEDUP_OUT)

snapshot: setup
	$(SFTMINE) snapshot $(SNAPSHOT_IN) --out $(DATA_OUT) $(if $(wildcard $(DEDUP_OUT)/funnel.json),--dedup $(DEDUP_OUT))

export-data: setup
	$(SFTMINE) export $(DATA_OUT) --format $(EXPORT_FORMAT) --out $(EXPORT_OUT)

report: setup
	$(SFTMINE) report $(DATA_OUT)

# The dataset commands on the test fixture (real HumanEval and hand-written tasks with passing samples).
datasets-demo: setup
	$(BIN)/python -c "from pathlib import Path; from tests.fixtures.datasets.build import write_filter_dir; \
	  write_filter_dir(Path('$(RUN)/datasets-demo/filter'))"
	$(SFTMINE) snapshot $(RUN)/datasets-demo/filter --out $(RUN)/datasets-demo
	@for f in sft humaneval codex-d; do $(SFTMINE) export $(RUN)/datasets-demo --format $$f \
	  --out $(RUN)/datasets-demo/exports/$$f.jsonl || exit 1; done
	$(SFTMINE) export $(RUN)/datasets-demo --format parquet --out $(RUN)/datasets-demo/exports/train.parquet
	$(SFTMINE) report $(RUN)/datasets-demo

test-datasets: setup
	$(BIN)/pytest -q tests/dedup tests/snapshot tests/export tests/report tests/cli/test_datasets_cli.py

# --- test strength (issue 14): generated tests for HumanEval, then mutation analysis with and without them ---
TESTS_BACKEND ?= bwrap
tests-humaneval: setup
	$(SFTMINE) import humaneval --out $(RUN)/humaneval.jsonl
	$(SFTMINE) tests generate $(RUN)/humaneval.jsonl --out $(RUN)/humaneval.tests.jsonl --backend $(TESTS_BACKEND)

# Then the same on the traced tasks of `make trace-ci` and on the stdio tasks of the importer fixtures
# (APPS, TACO, CodeContests ship reference solutions), each with its whole result beside it.
bench-tests: tests-humaneval trace-ci
	$(SFTMINE) bench tests $(RUN)/humaneval.jsonl --tests $(RUN)/humaneval.tests.jsonl --mutants 10 \
	  --backend $(TESTS_BACKEND) --detail $(RUN)/bench-tests.json --json
	$(SFTMINE) bench tests $(RUN)/trace-ci/tasks.jsonl --mutants 10 --backend $(TESTS_BACKEND) \
	  --detail $(RUN)/bench-tests-traced.json --json
	$(SFTMINE) import apps tests/fixtures/importers/apps_train.jsonl --out $(RUN)/bench-tests-stdio/apps.jsonl
	$(SFTMINE) import taco tests/fixtures/importers/taco_test.jsonl --out $(RUN)/bench-tests-stdio/taco.jsonl
	$(SFTMINE) import codecontests tests/fixtures/importers/codecontests_train.jsonl \
	  --out $(RUN)/bench-tests-stdio/codecontests.jsonl
	cat $(RUN)/bench-tests-stdio/apps.jsonl $(RUN)/bench-tests-stdio/taco.jsonl \
	  $(RUN)/bench-tests-stdio/codecontests.jsonl > $(RUN)/bench-tests-stdio/tasks.jsonl
	$(SFTMINE) bench tests $(RUN)/bench-tests-stdio/tasks.jsonl --mutants 10 --backend $(TESTS_BACKEND) \
	  --detail $(RUN)/bench-tests-stdio.json --json
