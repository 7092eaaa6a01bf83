"""The nightly refresh's settings (`pipelines/nightly.yaml`): which sources, which model, which outputs.

Each stage keeps its own config file (competitive.yaml, ci.yaml, filter.yaml); the refresh file names
them and may override single keys, so one file describes a whole nightly job:

    out: runs/nightly
    competitive: pipelines/competitive.yaml          # or null to skip
    imports: [{format: humaneval}, {format: apps, path: data/apps.jsonl}]
    ci: {config: pipelines/ci.yaml, sources: [pypi:semver==3.0.2]}   # or a path, or null
    dedup: {near_threshold: 0.7, decontaminate: true}
    filter: {config: pipelines/filter.yaml, n: 4}    # sampling and judging
    sandbox: {backend: auto, workers: null}
    executor: local                                  # or {name: ray, address: auto}: trace, sample, judge
    exports: [sft, humaneval, parquet, codex-d]
    report: true
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sftmine.errors import ConfigError
from sftmine.executors.config import ExecutorConfig

KEYS = {"out", "competitive", "imports", "ci", "dedup", "filter", "sandbox", "executor", "exports", "report"}
IMPORT_FORMATS = ("humaneval", "apps", "taco", "codecontests", "tasks")
EXPORT_FORMATS = ("sft", "humaneval", "parquet", "codex-d")


@dataclass
class StageRef:
    """A stage's own config file plus single-key overrides from the refresh file."""

    config: Path | None = None
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class RefreshConfig:
    out: Path
    competitive: StageRef | None = None
    imports: list[dict[str, Any]] = field(default_factory=list)
    ci: StageRef | None = None
    dedup: dict[str, Any] = field(default_factory=dict)
    filter: StageRef = field(default_factory=StageRef)
    sandbox: dict[str, Any] = field(default_factory=dict)
    executor: ExecutorConfig | None = None  # None: each stage's own config decides
    exports: list[str] = field(default_factory=lambda: list(EXPORT_FORMATS))
    report: bool = True
    raw: dict[str, Any] = field(default_factory=dict)  # the file as read, recorded in the snapshot

    @classmethod
    def load(cls, path: Path, out: Path | None = None) -> RefreshConfig:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read the refresh config ({exc.strerror}); "
                              "pass a file like pipelines/nightly.yaml") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"{path}: not valid YAML ({' '.join(str(exc).split())})") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: expected a mapping of settings at the top level")
        return cls.from_dict(data, str(path), out)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "config", out: Path | None = None) -> RefreshConfig:
        unknown = set(data) - KEYS
        if unknown:
            raise ConfigError(f"{source}: unknown key(s) {sorted(unknown)}; allowed: {sorted(KEYS)}")
        target = out or data.get("out")
        if not target:
            raise ConfigError(f"{source}: `out` is missing; name the folder the refresh writes to")
        return cls(
            out=Path(target).absolute(), competitive=_stage(data.get("competitive"), "competitive", source),
            imports=_imports(data.get("imports") or [], source), ci=_stage(data.get("ci"), "ci", source),
            dedup=_mapping(data.get("dedup"), "dedup", source),
            filter=_stage(data.get("filter", {}), "filter", source) or StageRef(),
            sandbox=_mapping(data.get("sandbox"), "sandbox", source),
            executor=None if data.get("executor") is None else
            ExecutorConfig.from_dict(data["executor"], f"{source}: executor"),
            exports=_exports(data.get("exports", list(EXPORT_FORMATS)), source),
            # `out` and `executor` are where, not what: the same inputs make the same snapshot anywhere.
            report=bool(data.get("report", True)),
            raw={k: v for k, v in data.items() if k not in ("out", "executor")},
        )


def _stage(value: Any, key: str, source: str) -> StageRef | None:
    if value is None:
        return None
    if isinstance(value, str):
        return StageRef(Path(value))
    if isinstance(value, dict):
        rest = {k: v for k, v in value.items() if k != "config"}
        return StageRef(Path(value["config"]) if value.get("config") else None, rest)
    raise ConfigError(f"{source}: `{key}` must be a config path or a mapping with `config` and overrides")


def _mapping(value: Any, key: str, source: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{source}: `{key}` must be a mapping")
    return dict(value)


def _imports(value: Any, source: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise ConfigError(f"{source}: `imports` must be a list like [{{format: apps, path: FILE}}]")
    for item in value:
        if not isinstance(item, dict) or item.get("format") not in IMPORT_FORMATS:
            raise ConfigError(f"{source}: each import needs `format` (one of {list(IMPORT_FORMATS)}), got {item!r}")
        if item["format"] != "humaneval" and not item.get("path"):
            raise ConfigError(f"{source}: the {item['format']} import needs a `path`")
    return value


def _exports(value: Any, source: str) -> list[str]:
    if not isinstance(value, list) or any(v not in EXPORT_FORMATS for v in value):
        raise ConfigError(f"{source}: `exports` must be a list of {list(EXPORT_FORMATS)}, got {value!r}")
    return value
