"""The OpenAI-compatible HTTP API: request bodies, replies, and one POST with retries.

Works with OpenAI and with servers that speak its API (vLLM, llama.cpp's and llama-cpp-python's servers,
TGI, Ollama). Retries connection errors, timeouts, 429 and 5xx with exponential backoff, honouring
Retry-After; any other 4xx is the caller's mistake and raised at once with the server's message.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx

from sftmine.errors import ConfigError, NetworkError
from sftmine.sampling.base import Generation, Prompt, SamplingParams

log = logging.getLogger(__name__)
MAX_STOPS = 4  # OpenAI's limit; completion mode cuts at every stop sequence itself


def request_body(model: str, prompt: Prompt, params: SamplingParams, seed: int, n: int,
                 logprobs: bool) -> tuple[str, dict[str, Any]]:
    """(path, JSON body) of one request for `n` choices."""
    body: dict[str, Any] = {"model": model, "max_tokens": params.max_tokens, "temperature": params.temperature,
                            "top_p": params.top_p, "seed": seed}
    if n > 1:
        body["n"] = n
    if prompt.stop:
        body["stop"] = list(prompt.stop[:MAX_STOPS])
    if prompt.is_chat:
        body["messages"] = list(prompt.messages)
        if logprobs:
            body["logprobs"] = True
        return "/chat/completions", body
    body["prompt"] = prompt.text
    if logprobs:
        body["logprobs"] = 1
    return "/completions", body


def parse_reply(reply: dict[str, Any], seed: int) -> list[Generation]:
    """One generation per choice, in choice order."""
    choices = sorted(reply.get("choices") or [], key=lambda c: c.get("index", 0))
    usage = (reply.get("usage") or {}).get("completion_tokens")
    return [_generation(c, seed, usage if len(choices) == 1 else None) for c in choices]


def _generation(choice: dict[str, Any], seed: int, usage_tokens: int | None) -> Generation:
    logprobs = choice.get("logprobs") or {}
    if "message" in choice:
        text = (choice.get("message") or {}).get("content") or ""
        values = [t.get("logprob") for t in logprobs.get("content") or []]
    else:
        text = choice.get("text") or ""
        values = list(logprobs.get("token_logprobs") or [])
    values = [v for v in values if isinstance(v, (int, float))]
    n_tokens = len(values) if values else usage_tokens
    return Generation(text=text, n_tokens=n_tokens, mean_logprob=sum(values) / len(values) if values else None,
                      seed=seed)


class Poster:
    """POSTs JSON to one base URL with retries; thread-safe (httpx.Client is)."""

    def __init__(self, base_url: str, api_key: str | None, timeout_s: float, retries: int, connections: int) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.base_url = base_url.rstrip("/")
        self.retries = retries
        self.client = httpx.Client(base_url=self.base_url, headers=headers, timeout=timeout_s,
                                   limits=httpx.Limits(max_connections=connections))

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        """The response (2xx or 4xx); NetworkError once retries are spent."""
        url, last = self.base_url + path, ""
        for attempt in range(self.retries + 1):
            try:
                response = self.client.post(path, json=body)
            except httpx.HTTPError as exc:
                last, wait = f"{type(exc).__name__}: {exc}", _backoff(attempt)
            else:
                log.debug("POST %s -> %s", url, response.status_code)
                if response.status_code != 429 and response.status_code < 500:
                    return response
                last = f"HTTP {response.status_code}: {response.text[:200]}"
                wait = _retry_after(response) or _backoff(attempt)
            if attempt < self.retries:
                log.warning("POST %s failed (%s); retrying in %.1fs", url, last, wait)
                time.sleep(wait)
        raise NetworkError(f"{url}: {last} (after {self.retries + 1} attempts); check that the server runs "
                           "and --base-url points at it")

    def close(self) -> None:
        self.client.close()


def raise_for_client_error(response: httpx.Response) -> None:
    if response.status_code >= 400:
        raise ConfigError(f"{response.request.url}: HTTP {response.status_code}: {response.text[:300]}")


def _backoff(attempt: int) -> float:
    return min(30.0, 0.5 * 2 ** attempt)


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return min(60.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None
