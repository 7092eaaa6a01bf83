# sftmine: every target bootstraps .venv and the sandbox packages it needs.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
RUN     ?= runs
SFTMINE := $(BIN)/sftmine

.PHONY: setup system-deps test lint demo mine-competitive trace-ci filter refresh bench bench-exec quality clean

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
	$(BIN)/pytest -q tests/test_public_api.py tests/test_cli_help.py

clean:
	rm -rf $(RUN) .pytest_cache
