"""Pipeline settings for `sftmine trace --config FILE` (e.g. pipelines/ci.yaml), merged with CLI options.

    sources: ci-sources.txt      # a source list, relative to this file
    out: runs/trace-ci           # relative to the working directory
    options:                     # every key optional; command-line options win
      budget_s: 900              # per project: install, tests and all
      repeat: 2                  # verification runs per task
      min_calls: 3               # distinct restorable calls a function needs
      max_calls: 20              # calls recorded per function (and cases per task)
      max_bytes: 4096            # literal text per call's arguments, and per return value
      allow_no_docstring: false  # keep functions without a docstring (marked meta.no_docstring)
      standalone_only: false     # drop functions that need the project installed
      allow_test_failures: false # trace a run whose tests failed (but ran to the end)
    executor: local              # or a mapping: {name: ray, address: auto, cpus_per_worker: 2, ...}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from sftmine.ci.project import TraceOptions
from sftmine.ci.synth import SynthOptions
from sftmine.errors import ConfigError, InputFileError
from sftmine.executors.config import ExecutorConfig

OPTION_TYPES = {"budget_s": float, "repeat": int, "min_calls": int, "max_calls": int, "max_bytes": int,
                "allow_no_docstring": bool, "standalone_only": bool, "allow_test_failures": bool}


def load_settings(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise InputFileError(f"{path}: no such pipeline config")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
    unknown = set(data) - {"sources", "out", "options", "executor"}
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {sorted(unknown)}; allowed: sources, out, options, executor")
    data["executor"] = ExecutorConfig.from_dict(data.get("executor"), f"{path}: executor")
    options = data.get("options") or {}
    bad = set(options) - set(OPTION_TYPES)
    if bad:
        raise ConfigError(f"{path}: unknown option(s) {sorted(bad)}; allowed: {sorted(OPTION_TYPES)}")
    if data.get("sources"):
        data["sources"] = str((path.parent / data["sources"]).resolve())
    return data


def trace_options(values: dict[str, Any]) -> TraceOptions:
    """TraceOptions from option values (config merged with command line); None means the default."""
    v = {k: OPTION_TYPES[k](x) for k, x in values.items() if x is not None}
    if v.get("repeat", 2) < 2:
        raise ConfigError("repeat must be at least 2: every task is verified at least twice")
    options = TraceOptions()
    options.budget_s = v.get("budget_s", options.budget_s)
    options.repeat = v.get("repeat", options.repeat)
    options.allow_test_failures = v.get("allow_test_failures", False)
    options.record.update({k: v[k] for k in ("max_calls", "max_bytes") if k in v})
    options.synth = SynthOptions(min_calls=v.get("min_calls", 3), max_cases=options.record["max_calls"],
                                 allow_no_docstring=v.get("allow_no_docstring", False),
                                 standalone_only=v.get("standalone_only", False))
    return options
