"""vLLM loaded in-process (the `vllm` extra, for machines with a GPU).

vLLM is imported only when this backend is built. All seeds of a task go to vLLM as one batch: one
prompt per seed, each with its own seeded sampling parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sftmine.errors import ConfigError, require
from sftmine.sampling.base import Backend, Generation, Prompt, SamplingParams, register


def sampling_kwargs(params: SamplingParams, seed: int, stop: tuple[str, ...]) -> dict[str, Any]:
    """Keyword arguments of `vllm.SamplingParams` for one sample.

    logprobs=0 asks for the sampled token's log-probability only, which `cumulative_logprob` sums.
    """
    return {"n": 1, "temperature": params.temperature, "top_p": params.top_p, "max_tokens": params.max_tokens,
            "seed": seed, "stop": list(stop), "logprobs": 0}


def to_generation(output: Any) -> Generation:
    """A `vllm.CompletionOutput` as a Generation."""
    n_tokens = len(output.token_ids)
    mean = output.cumulative_logprob / n_tokens if n_tokens and output.cumulative_logprob is not None else None
    return Generation(text=output.text, n_tokens=n_tokens, mean_logprob=mean)


@register("vllm")
class VLLMBackend(Backend):
    name = "vllm"

    def __init__(self, model: str | None = None, dtype: str = "auto", gpu_memory_utilization: float = 0.9,
                 max_model_len: int | None = None) -> None:
        if not model:
            raise ConfigError("the vllm backend needs --model (a Hugging Face model id or a local directory)")
        self._vllm = require("vllm", "vllm")
        self.model = model
        self.llm = self._vllm.LLM(model=model, dtype=dtype, gpu_memory_utilization=gpu_memory_utilization,
                                  max_model_len=max_model_len)

    def generate(self, prompt: Prompt, params: SamplingParams, seeds: list[int]) -> Iterator[tuple[int, Generation]]:
        text = self._text(prompt)
        sampling = [self._vllm.SamplingParams(**sampling_kwargs(params, seed, prompt.stop)) for seed in seeds]
        outputs = self.llm.generate([text] * len(seeds), sampling, use_tqdm=False)
        for i, request in enumerate(outputs):
            yield i, to_generation(request.outputs[0])

    def _text(self, prompt: Prompt) -> str:
        if not prompt.is_chat:
            return prompt.text or ""
        tokenizer = self.llm.get_tokenizer()
        return tokenizer.apply_chat_template(list(prompt.messages), tokenize=False, add_generation_prompt=True)
