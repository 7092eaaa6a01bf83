"""The settings of a sample/filter run, from a YAML file (`pipelines/filter.yaml`) and the command line.

Command-line options override the file; the file overrides the defaults. Unknown keys are an error that
names the allowed ones, so a typo never silently falls back to a default.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sftmine.errors import ConfigError
from sftmine.executors.config import ExecutorConfig
from sftmine.sampling.base import SamplingParams
from sftmine.sampling.prompts import get_mode


@dataclass
class RunConfig:
    backend: str = "llama-cpp"
    model: str | None = None  # llama-cpp: a .gguf path, default the embedded SmolLM2; others: the model name
    options: dict[str, Any] = field(default_factory=dict)  # backend options: base_url, concurrency, n_ctx, ...
    mode: str = "chat"
    n: int = 10  # as pipelines/filter.yaml (the paper's 100 is a -o/--n away)
    temperature: float = 0.8
    top_p: float = 0.95
    max_tokens: int = 192
    seed: int = 0
    repeat: int = 3
    policy: str = "all"
    executor: ExecutorConfig = field(default_factory=ExecutorConfig)  # local, or shards on Ray

    @classmethod
    def load(cls, path: Path | None, **overrides: Any) -> RunConfig:
        """Defaults, then the file at `path`, then every override that is not None."""
        data = _read(path) if path else {}
        data.update({k: v for k, v in overrides.items() if v is not None})
        allowed = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ConfigError(f"{path or 'options'}: unknown key(s) {unknown}; allowed: {sorted(allowed)}")
        data["executor"] = ExecutorConfig.from_dict(data.get("executor"), f"{path or 'options'}: executor")
        config = cls(**data)
        config.validate()
        return config

    def validate(self) -> None:
        if self.n < 1:
            raise ConfigError(f"n must be at least 1, got {self.n}")
        if self.repeat < 0:
            raise ConfigError(f"repeat must be 0 or more, got {self.repeat}")
        if not isinstance(self.options, dict):
            raise ConfigError("options must be a mapping of backend option names to values")
        self.params()  # checks temperature, top_p, max_tokens
        get_mode(self.mode)

    def params(self) -> SamplingParams:
        return SamplingParams(temperature=self.temperature, top_p=self.top_p, max_tokens=self.max_tokens,
                              mode=self.mode)

    def backend_options(self) -> dict[str, Any]:
        return {**self.options, **({"model": self.model} if self.model else {})}


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML ({exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings, got {type(data).__name__}")
    return data
