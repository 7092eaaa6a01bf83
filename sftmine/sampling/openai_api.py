"""Any OpenAI-compatible server (vLLM, llama.cpp server, TGI, Ollama, OpenAI) as a backend.

A task's samples are asked for with `n` in one request where the server honours it; a server that
answers with fewer choices, or refuses `n`, gets parallel single requests from then on. At most
`concurrency` requests are in flight. Logprobs are asked for; a server that refuses them is asked without.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any

from sftmine.errors import ConfigError
from sftmine.sampling.base import Backend, Generation, Prompt, SamplingParams, register
from sftmine.sampling.openai_wire import Poster, parse_reply, raise_for_client_error, request_body


@register("openai")
class OpenAIBackend(Backend):
    name = "openai"

    def __init__(self, model: str | None = None, base_url: str = "http://127.0.0.1:8000/v1",
                 api_key: str | None = None, concurrency: int = 8, timeout_s: float = 300.0, retries: int = 4,
                 max_n: int = 16, logprobs: bool = True) -> None:
        if not model:
            raise ConfigError("the openai backend needs a model name: pass --model (as the server names it)")
        if concurrency < 1:
            raise ConfigError(f"concurrency must be at least 1, got {concurrency}")
        self.model, self.base_url = model, base_url
        self.parallel_tasks = concurrency
        self.max_n = max(1, max_n)
        self.use_n = self.max_n > 1
        self.logprobs = logprobs
        self.poster = Poster(base_url, api_key or os.environ.get("OPENAI_API_KEY"), timeout_s, retries, concurrency)
        self._requests = ThreadPoolExecutor(concurrency, thread_name_prefix="openai")

    def settings(self) -> dict[str, Any]:
        return {"base_url": self.base_url}

    def generate(self, prompt: Prompt, params: SamplingParams, seeds: list[int]) -> Iterator[tuple[int, Generation]]:
        batch = self.max_n if self.use_n else 1
        pending: dict[Future[list[Generation]], list[int]] = {}
        for start in range(0, len(seeds), batch):
            positions = list(range(start, min(start + batch, len(seeds))))
            pending[self._submit(prompt, params, seeds, positions)] = positions
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                positions = pending.pop(future)
                generations = future.result()
                yield from zip(positions, generations)
                for pos in positions[len(generations):]:  # the server ignored n: ask one by one
                    pending[self._submit(prompt, params, seeds, [pos])] = [pos]

    def _submit(self, prompt: Prompt, params: SamplingParams, seeds: list[int],
                positions: list[int]) -> Future[list[Generation]]:
        return self._requests.submit(self.request, prompt, params, seeds[positions[0]], len(positions))

    def request(self, prompt: Prompt, params: SamplingParams, seed: int, n: int) -> list[Generation]:
        """Up to n generations from one request (fewer when the server has no `n`)."""
        path, body = request_body(self.model, prompt, params, seed, n, self.logprobs)
        response = self.poster.post(path, body)
        if response.status_code >= 400 and "logprobs" in body and "logprob" in response.text.lower():
            self.logprobs = False
            return self.request(prompt, params, seed, n)
        if response.status_code >= 400 and n > 1:
            self.use_n = False
            return self.request(prompt, params, seed, 1)
        raise_for_client_error(response)
        generations = parse_reply(response.json(), seed)
        if len(generations) < n:
            self.use_n = False
        return generations[:n]

    def close(self) -> None:
        self._requests.shutdown(wait=True)
        self.poster.close()
