"""The nightly refresh's settings (`pipelines/nightly.yaml`): which sources, which model, which outputs.

Each stage keeps its own config file (competitive.yaml, ci.yaml, filter.yaml); the refresh file names
them and may override single keys, so one file describes a whole nightly job:

    out: ../runs/nightly
    competitive: competitive.yaml                    # or null to skip
    imports: [{format: humaneval}, {format: apps, path: ../data/apps.jsonl}]
    ci: {config: ci.yaml, sources: [pypi:semver==3.0.2]}   # or a path, or null
    dedup: {near_threshold: 0.7, decontaminate: true}
    tests: {per_task: 30}                            # generated tests; or null to skip
    filter: {config: filter.yaml, n: 4}              # sampling and judging
    sandbox: {backend: auto, workers: null}
    executor: local                                  # or {name: ray, address: auto}: trace, sample, judge
    exports: [sft, humaneval, parquet, codex-d]
    report: true

Paths are relative to the refresh file. The whole config is checked when it is loaded, the stage files it
names included, so a mistake anywhere is one line before any stage runs.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from sftmine.ci.settings import OptionValues, TraceSettings, load_settings
from sftmine.config import Layer, build, convert, read_yaml
from sftmine.errors import ConfigError
from sftmine.executors.config import ExecutorConfig
from sftmine.sampling.base import BACKENDS as MODEL_BACKENDS
from sftmine.sampling.config import RunConfig
from sftmine.scrape.config import CompetitiveConfig
from sftmine.stages import Stage
from sftmine.testgen.stage import TestsStage

EXPORT_FORMATS = ("sft", "humaneval", "parquet", "codex-d")


@dataclass(frozen=True)
class ImportSpec:
    format: str = "humaneval"
    path: Path | None = None  # the data file or folder; humaneval's ships with its package

    def validate(self) -> None:
        from sftmine.importers.base import IMPORTERS

        try:
            importer = IMPORTERS.get(self.format)
        except ConfigError as exc:
            raise ConfigError(f"format: {exc}") from None
        if importer.needs_path and self.path is None:
            raise ConfigError(f"path: the {self.format} import needs a `path`")
        if self.path is not None and not self.path.exists():
            raise ConfigError(f"path: no such file or folder {str(self.path)!r}")


@dataclass(frozen=True)
class DedupSettings:
    near_threshold: float = 0.7
    decontaminate: bool = True


@dataclass(frozen=True)
class SandboxSettings:
    backend: str = "auto"
    workers: int | None = None

    def validate(self) -> None:
        from sftmine.sandbox.base import BACKENDS

        if self.backend != "auto" and self.backend not in BACKENDS:
            raise ConfigError(f"backend: unknown sandbox backend {self.backend!r}; "
                              f"choose from auto, {', '.join(BACKENDS.names())}")
        if self.workers is not None and self.workers < 1:
            raise ConfigError(f"workers: must be at least 1, got {self.workers}")


@dataclass(frozen=True)
class CiRef(OptionValues):
    """`ci:` in a refresh file: the trace config, a list of sources, and option overrides."""

    SHORTHAND: ClassVar[str] = "config"
    config: Path | None = None
    sources: list[str] | None = None


@dataclass(frozen=True)
class CiStage:
    sources: list[str]
    options: OptionValues
    executor: ExecutorConfig


# The stages from tasks to tasks that a refresh runs between dedup and sampling, in this order. Each takes
# its settings (its `settings_type`) from the refresh file's entry of its name; absent or null: skipped.
TASK_STAGES: list[type[Stage]] = [TestsStage]


def stage_key(stage: type[Stage]) -> str:
    return stage.name.replace("-", "_")


@dataclass(frozen=True)
class _Top:
    """The refresh file's top level, but for the task stages' entries; the source and filter entries are
    read by their own loaders."""

    out: Path | None = None
    competitive: Any = None
    imports: list[ImportSpec] = field(default_factory=list)
    ci: Any = None
    dedup: DedupSettings = field(default_factory=DedupSettings)
    filter: Any = None
    sandbox: SandboxSettings = field(default_factory=SandboxSettings)
    executor: ExecutorConfig | None = None
    exports: list[str] = field(default_factory=lambda: list(EXPORT_FORMATS))
    report: bool = True

    def validate(self) -> None:
        from sftmine.export import get_format

        for name in self.exports:
            try:
                get_format(name)
            except ConfigError as exc:
                raise ConfigError(f"exports: {exc}") from None


_File = dataclasses.make_dataclass("_File", [(stage_key(s), s.settings_type | None, None)  # type: ignore[operator]
                                             for s in TASK_STAGES], bases=(_Top,), frozen=True)


@dataclass
class RefreshConfig:
    out: Path
    competitive: CompetitiveConfig | None = None
    imports: list[ImportSpec] = field(default_factory=list)
    ci: CiStage | None = None
    dedup: DedupSettings = field(default_factory=DedupSettings)
    stages: dict[str, Any] = field(default_factory=dict)  # a task stage's name -> its settings, if it runs
    filter: RunConfig = field(default_factory=RunConfig)
    sandbox: SandboxSettings = field(default_factory=SandboxSettings)
    executor: ExecutorConfig | None = None  # None: each stage's own config decides
    exports: list[str] = field(default_factory=lambda: list(EXPORT_FORMATS))
    report: bool = True
    raw: dict[str, Any] = field(default_factory=dict)  # the file as read, recorded in the snapshot

    @classmethod
    def load(cls, path: Path, out: Path | None = None) -> RefreshConfig:
        return cls.from_layer(read_yaml(path, "pipelines/nightly.yaml"), out)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "config", out: Path | None = None) -> RefreshConfig:
        return cls.from_layer(Layer(data, source), out)

    @classmethod
    def from_layer(cls, layer: Layer, out: Path | None = None) -> RefreshConfig:
        top = build(_File, layer)
        target = out or top.out
        if not target:
            raise layer.at("out", None).error("missing; name the folder the refresh writes to")
        data = layer.data
        return cls(
            out=Path(target).absolute(), competitive=_competitive(layer.at("competitive", data.get("competitive"))),
            imports=top.imports, ci=_ci(layer.at("ci", data.get("ci"))), dedup=top.dedup,
            stages={s.name: getattr(top, stage_key(s)) for s in TASK_STAGES if getattr(top, stage_key(s)) is not None},
            filter=_filter(layer.at("filter", data.get("filter"))), sandbox=top.sandbox, executor=top.executor,
            exports=list(top.exports), report=top.report,
            # `out` and `executor` are where, not what: the same inputs make the same snapshot anywhere.
            raw={k: v for k, v in data.items() if k not in ("out", "executor")},
        )


@dataclass(frozen=True)
class _Ref:
    SHORTHAND: ClassVar[str] = "config"
    config: Path | None = None


def _competitive(layer: Layer) -> CompetitiveConfig | None:
    if layer.data is None:
        return None
    ref = build(_Ref, layer)
    if ref.config is None:
        raise layer.at("config", None).error("missing; name the competitive config, e.g. competitive.yaml")
    return CompetitiveConfig.load(ref.config)


def _filter(layer: Layer) -> RunConfig:
    """The sampling and judging settings: the filter file named here, then the keys set here."""
    data = {"config": layer.data} if isinstance(layer.data, str) else layer.data or {}
    if not isinstance(data, dict):
        raise layer.error(f"expected a filter config path or a mapping, got {data!r}")
    config = convert(Path | None, layer.at("config", data.get("config")))
    rest = {k: v for k, v in data.items() if k != "config"}
    run = RunConfig.load(config, Layer(rest, layer.source, layer.base, layer.where))
    try:  # the model's name and options are checked now, not after the sources have run
        MODEL_BACKENDS.get(run.backend)
    except ConfigError as exc:
        raise layer.at("backend", None).error(str(exc)) from None
    run.check_backend(f"{layer.source}: {layer.where}: ")
    return run


def _ci(layer: Layer) -> CiStage | None:
    from sftmine.ci.fetch.sources import Source, read_source_list

    if layer.data is None:
        return None
    ref = build(CiRef, layer)
    settings = load_settings(ref.config) if ref.config else TraceSettings()
    if ref.sources is None and settings.sources is None:
        raise layer.at("sources", None).error("missing; list the sources here or in the ci config's `sources`")
    specs = ref.sources if ref.sources is not None else read_source_list(settings.sources)  # type: ignore[arg-type]
    for position, spec in enumerate(specs):
        try:
            Source.parse(spec)
        except ConfigError as exc:
            raise layer.at("sources", None).at(str(position), None).error(str(exc)) from None
    return CiStage(specs, settings.options.merged(**ref.given()), settings.executor)
