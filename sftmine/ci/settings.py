"""Pipeline settings for `sftmine trace --config FILE` (e.g. pipelines/ci.yaml), merged with CLI options.

    sources: ci-sources.txt      # a source list, relative to this file
    out: ../runs/trace-ci        # relative to this file too
    options:                     # every key optional; command-line options win
      budget_s: 900              # per project: install, tests and all
      repeat: 2                  # verification runs per task
      min_calls: 3               # distinct restorable calls a function needs
      max_calls: 20              # calls recorded per function (and cases per task)
      max_bytes: 4096            # literal text per call's arguments, and per return value
      example_docstrings: true   # an undocumented function's docstring written from its recorded calls
      allow_no_docstring: false  # keep functions without any docstring (marked meta.no_docstring)
      standalone_only: false     # drop functions that need the project installed
      allow_test_failures: false # trace a run whose tests failed (but ran to the end)
    executor: local              # or a mapping: {name: ray, address: auto, cpus_per_worker: 2, ...}
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.ci.project import TraceOptions
from sftmine.ci.synth.synth import SynthOptions
from sftmine.config import Layer, build, read_yaml
from sftmine.errors import ConfigError, InputFileError
from sftmine.executors.config import ExecutorConfig


@dataclass(frozen=True)
class OptionValues:
    """The `options:` of a trace config; None keeps the default."""

    budget_s: float | None = None
    repeat: int | None = None
    min_calls: int | None = None
    max_calls: int | None = None
    max_bytes: int | None = None
    allow_no_docstring: bool | None = None
    example_docstrings: bool | None = None
    standalone_only: bool | None = None
    allow_test_failures: bool | None = None

    def validate(self) -> None:
        if self.repeat is not None and self.repeat < 2:
            raise ConfigError("repeat: must be at least 2: every task is verified at least twice")

    def merged(self, **overrides: Any) -> OptionValues:
        """These values with every override that is not None (the command line's, a refresh file's)."""
        names = {f.name for f in dataclasses.fields(self)}
        return build(OptionValues, Layer(self.given()),
                     Layer({k: v for k, v in overrides.items() if k in names and v is not None}))

    def given(self) -> dict[str, Any]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v is not None}


@dataclass(frozen=True)
class TraceSettings:
    sources: Path | None = None  # a source list file
    out: Path | None = None
    options: OptionValues = field(default_factory=OptionValues)
    executor: ExecutorConfig = field(default_factory=ExecutorConfig)

    def validate(self) -> None:
        if self.sources is not None and not self.sources.is_file():
            raise ConfigError(f"sources: no such source list {str(self.sources)!r}; "
                              "write one spec a line, like pipelines/ci-sources.txt")


def load_settings(path: Path, *layers: Layer) -> TraceSettings:
    if not path.is_file():
        raise InputFileError(f"{path}: no such pipeline config")
    return build(TraceSettings, read_yaml(path), *layers)


def trace_options(values: OptionValues) -> TraceOptions:
    """TraceOptions from option values (config merged with command line); None means the default."""
    v = values.given()
    options = TraceOptions()
    options.budget_s = v.get("budget_s", options.budget_s)
    options.repeat = v.get("repeat", options.repeat)
    options.allow_test_failures = v.get("allow_test_failures", False)
    options.record.update({k: v[k] for k in ("max_calls", "max_bytes") if k in v})
    options.synth = SynthOptions(min_calls=v.get("min_calls", 3), max_cases=options.record["max_calls"],
                                 allow_no_docstring=v.get("allow_no_docstring", False),
                                 example_docstrings=v.get("example_docstrings", True),
                                 standalone_only=v.get("standalone_only", False))
    return options
