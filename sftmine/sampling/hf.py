"""Hugging Face transformers loaded in-process (the `transformers` extra: transformers and torch).

transformers and torch are imported only when this backend is built. Each seed seeds torch before its
own `generate` call, so sample i does not depend on the samples before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sftmine.errors import ConfigError, require
from sftmine.sampling.base import Backend, Generation, Prompt, SamplingParams, register


def generate_kwargs(params: SamplingParams, stop: tuple[str, ...]) -> dict[str, Any]:
    """Keyword arguments of `model.generate` (besides the inputs) for one sample."""
    kwargs: dict[str, Any] = {"max_new_tokens": params.max_tokens, "return_dict_in_generate": True,
                              "output_logits": True}
    if params.temperature == 0:
        kwargs["do_sample"] = False
    else:
        kwargs.update(do_sample=True, temperature=params.temperature, top_p=params.top_p, top_k=0)
    if stop:
        kwargs["stop_strings"] = list(stop)
    return kwargs


def cut_at_stop(text: str, stop: tuple[str, ...]) -> str:
    """`stop_strings` ends generation but leaves the stop string in the text; drop it and what follows."""
    cuts = [i for i in (text.find(s) for s in stop) if i >= 0]
    return text[:min(cuts)] if cuts else text


@register("transformers")
class TransformersBackend(Backend):
    name = "transformers"

    def __init__(self, model: str | None = None, device: str | None = None, dtype: str = "auto") -> None:
        if not model:
            raise ConfigError("the transformers backend needs --model (a Hugging Face model id or a local directory)")
        transformers = require("transformers", "transformers")
        self._torch = require("torch", "transformers")
        self.model = model
        self.device = device or ("cuda" if self._torch.cuda.is_available() else "cpu")
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(model)
        self.lm = transformers.AutoModelForCausalLM.from_pretrained(model, torch_dtype=dtype).to(self.device)

    def settings(self) -> dict[str, Any]:
        return {"top_k": 0}

    def generate(self, prompt: Prompt, params: SamplingParams, seeds: list[int]) -> Iterator[tuple[int, Generation]]:
        text = prompt.text if not prompt.is_chat else self.tokenizer.apply_chat_template(
            list(prompt.messages), tokenize=False, add_generation_prompt=True)
        inputs = self.tokenizer(text, return_tensors="pt").to(self.device)
        for i, seed in enumerate(seeds):
            self._torch.manual_seed(seed)
            with self._torch.no_grad():
                out = self.lm.generate(**inputs, tokenizer=self.tokenizer, **generate_kwargs(params, prompt.stop))
            yield i, self._generation(out, inputs["input_ids"].shape[1], prompt.stop)

    def _generation(self, out: Any, prompt_len: int, stop: tuple[str, ...]) -> Generation:
        tokens = out.sequences[0, prompt_len:]
        # Raw logits, so the log-probability is the model's own, before temperature and top-p.
        logprobs = [self._torch.log_softmax(step[0].float(), dim=-1)[tok].item()
                    for step, tok in zip(out.logits, tokens)]
        text = self.tokenizer.decode(tokens, skip_special_tokens=True)
        return Generation(text=cut_at_stop(text, stop), n_tokens=len(tokens),
                          mean_logprob=sum(logprobs) / len(logprobs) if logprobs else None)
