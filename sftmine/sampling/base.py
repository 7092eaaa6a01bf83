"""The model-backend interface: a backend turns one prompt and a list of seeds into generations.

Backends register by name (`register`), the same way a third party would add one, and are built by
`get_backend(name, **options)`. A backend never judges or caches anything: it only generates.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sftmine.config import call_options
from sftmine.errors import ConfigError, GenerationError  # noqa: F401 - re-exported: sampling imports it from here
from sftmine.registry import Registry


@dataclass(frozen=True)
class SamplingParams:
    """What decides a generation besides the prompt and the seed (so: part of the sample cache key)."""

    temperature: float = 0.8
    top_p: float = 0.95
    max_tokens: int = 256
    mode: str = "chat"

    def __post_init__(self) -> None:
        if not 0.0 <= self.temperature <= 2.0:
            raise ConfigError(f"temperature {self.temperature} is out of range; use 0 to 2")
        if not 0.0 < self.top_p <= 1.0:
            raise ConfigError(f"top_p {self.top_p} is out of range; use a value in (0, 1]")
        if self.max_tokens < 1:
            raise ConfigError(f"max_tokens must be at least 1, got {self.max_tokens}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Prompt:
    """One task's prompt as a backend sees it: raw text (completion mode) or chat messages."""

    text: str | None = None
    messages: tuple[dict[str, str], ...] = ()
    stop: tuple[str, ...] = ()

    @property
    def is_chat(self) -> bool:
        return self.text is None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "messages": list(self.messages), "stop": list(self.stop)}


@dataclass
class Generation:
    text: str
    n_tokens: int | None = None
    mean_logprob: float | None = None  # mean log-probability of the sampled tokens; None without logprobs
    seconds: float = field(default=0.0, compare=False)
    seed: int | None = None  # the seed the backend used, when not the one asked for (one request, n choices)


class Backend(ABC):
    """Generates text. `model` is the id recorded in every sample (and in its cache key)."""

    name: str = ""
    model: str = ""
    parallel_tasks: int = 1  # how many tasks the sampler may hand over at once
    # >0: samples are decoded together in fixed groups of this many sample indices (0..g-1, g..2g-1, ...),
    # and the sampler hands them over and caches them a group at a time; 0: any seeds in any order.
    group_size: int = 0

    def settings(self) -> dict[str, Any]:
        """Backend-specific sampling settings that change the output; stored with each sample."""
        return {}

    @abstractmethod
    def generate(self, prompt: Prompt, params: SamplingParams, seeds: list[int]) -> Iterator[tuple[int, Generation]]:
        """One generation per seed, as (position in `seeds`, generation), in any order."""

    def generate_many(self, jobs: list[tuple[Prompt, list[int]]],
                      params: SamplingParams) -> Iterator[tuple[int, int, Generation | GenerationError]]:
        """Every job's generations, as (job, position in its seeds, generation); a job that cannot be
        generated gives (job, -1, the error), after the generations it did give. A backend that can decode
        several prompts together overrides this; here they go one after another."""
        for j, (prompt, seeds) in enumerate(jobs):
            try:
                for pos, gen in self.generate(prompt, params, seeds):
                    yield j, pos, gen
            except GenerationError as exc:
                yield j, -1, exc

    def close(self) -> None:  # noqa: B027 - most backends hold nothing to free
        """Free the model or the connection."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _load_builtins() -> None:
    # The built-in backends register on import; their heavy dependencies load only when one is built.
    from sftmine.sampling import hf, llamacpp, openai_api, vllm  # noqa: F401


BACKENDS: Registry[Callable[..., Backend]] = Registry("model backend", _load_builtins)


def register(name: str) -> Callable[[Callable[..., Backend]], Callable[..., Backend]]:
    """Class decorator: make a backend available to `get_backend(name)`."""
    return BACKENDS.register(name)


def backend_names() -> list[str]:
    return BACKENDS.names()


def get_backend(name: str, **options: Any) -> Backend:
    factory = BACKENDS.get(name)
    return factory(**call_options(factory, options, f"model backend {name}"))
