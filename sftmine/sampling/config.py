"""The settings of a sample/filter run, from a YAML file (`pipelines/filter.yaml`) and the command line.

Command-line options override the file; the file overrides the defaults. Unknown keys are an error that
names the allowed ones, so a typo never silently falls back to a default.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.config import Layer, build, call_options, read_yaml
from sftmine.errors import ConfigError
from sftmine.executors.config import ExecutorConfig
from sftmine.sampling.base import BACKENDS, SamplingParams
from sftmine.sampling.prompts import get_mode


@dataclass
class RunConfig:
    backend: str = "llama-cpp"
    model: str | None = None  # llama-cpp: a .gguf path, default the embedded SmolLM2; others: the model name
    options: dict[str, Any] = field(default_factory=dict)  # backend options: base_url, concurrency, n_ctx, ...
    mode: str = "chat"
    n: int = 48  # as pipelines/filter.yaml (the paper's 100 is a -o/--n away)
    temperature: float = 0.8
    top_p: float = 0.95
    max_tokens: int = 192
    seed: int = 0
    repeat: int = 3
    policy: str = "all"
    executor: ExecutorConfig = field(default_factory=ExecutorConfig)  # local, or shards on Ray

    @classmethod
    def load(cls, path: Path | None, *layers: Layer, **overrides: Any) -> RunConfig:
        """Defaults, then the file at `path`, then `layers`, then every override that is not None."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return build(cls, *([read_yaml(path)] if path else []), *layers, Layer(given, "options"))

    def validate(self) -> None:
        if self.n < 1:
            raise ConfigError(f"n must be at least 1, got {self.n}")
        if self.repeat < 0:
            raise ConfigError(f"repeat must be 0 or more, got {self.repeat}")
        if not isinstance(self.options, dict):
            raise ConfigError("options must be a mapping of backend option names to values")
        self.params()  # checks temperature, top_p, max_tokens
        get_mode(self.mode)

    def check_backend(self, where: str = "") -> None:
        """The backend's name and options (names and types), once the options are all in (a command's -o
        come after its config file), so that a mistake is reported before anything is read or written."""
        call_options(BACKENDS.get(self.backend), self.backend_options(), f"{where}model backend {self.backend}")

    def params(self) -> SamplingParams:
        return SamplingParams(temperature=self.temperature, top_p=self.top_p, max_tokens=self.max_tokens,
                              mode=self.mode)

    def backend_options(self) -> dict[str, Any]:
        return {**self.options, **({"model": self.model} if self.model else {})}

