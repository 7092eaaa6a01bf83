"""The openai backend against a real OpenAI-compatible server (llama-cpp-python's, on localhost), and its
retry and fallback rules against a scripted local HTTP server (errors a healthy server never makes)."""

import json
import socket
import subprocess
import sys
import time

import httpx
import pytest
from werkzeug import Response

from sftmine.errors import ConfigError, NetworkError
from sftmine.sampling import SampleCache, Sampler, SamplingParams, get_backend, get_mode
from sftmine.sampling.llamacpp import embedded_gguf
from tests.sampling.support import easy_tasks

# The server module itself, after the settings llama.cpp needs on this machine (see prepare_process).
LAUNCH = ("import runpy; from sftmine.sampling.llamacpp import prepare_process; prepare_process(); "
          "runpy.run_module('llama_cpp.server', run_name='__main__', alter_sys=True)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as sink:  # a file, not a pipe: llama.cpp's loading log would fill a pipe and block
        proc = subprocess.Popen([sys.executable, "-c", LAUNCH, "--model", str(embedded_gguf()), "--host",
                                 "127.0.0.1", "--port", str(port), "--n_ctx", "2048"],
                                stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"llama_cpp.server exited: {log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/models", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("llama_cpp.server did not answer within 120 s")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_samples_through_a_real_server_falling_back_to_single_requests(llama_server, tmp_path):
    with get_backend("openai", model="smollm2", base_url=llama_server, concurrency=2) as backend:
        sampler = Sampler(backend, SamplingParams(max_tokens=24, mode="chat"), SampleCache(tmp_path / "s.sqlite"))
        samples = sampler.sample(easy_tasks()[:2], 3, progress=False)
        assert not backend.use_n  # llama-cpp-python's server answers one choice whatever n says
    assert [(s.task_id, s.index) for s in samples] == [(t, i) for t in ("easy/add", "easy/is_even") for i in range(3)]
    assert all(s.text and s.model == "smollm2" and s.params["base_url"] == llama_server for s in samples)
    assert sampler.stats.generated == 6


def test_completion_mode_through_a_real_server_records_logprobs(llama_server):
    with get_backend("openai", model="smollm2", base_url=llama_server) as backend:
        gens = dict(backend.generate(completion_prompt(), SamplingParams(max_tokens=16), [1]))
    assert gens[0].mean_logprob is not None and gens[0].mean_logprob < 0 and 0 < gens[0].n_tokens <= 16


def reply(n: int, text: str = "    return a + b\n") -> dict:
    return {"choices": [{"index": i, "text": f"{text}#{i}", "logprobs": {"token_logprobs": [-1.0, -0.5]}}
                        for i in range(n)], "usage": {"completion_tokens": 2 * n}}


def completion_prompt():
    return get_mode("completion").prompt(easy_tasks()[0])


def test_n_is_used_when_the_server_honours_it(httpserver):
    httpserver.expect_request("/v1/completions").respond_with_handler(
        lambda request: Response(json.dumps(reply(request.json.get("n", 1))), content_type="application/json"))
    with get_backend("openai", model="m", base_url=httpserver.url_for("/v1"), max_n=4) as backend:
        gens = dict(backend.generate(completion_prompt(), SamplingParams(mode="completion"), [10, 11, 12, 13, 14]))
    assert sorted(gens) == [0, 1, 2, 3, 4] and len(httpserver.log) == 2  # 4 choices, then 1
    assert gens[0].seed == gens[3].seed == 10 and gens[4].seed == 14 and gens[0].mean_logprob == -0.75
    # The two requests run concurrently, so the server may log either first.
    body = next(req.json for req, _ in httpserver.log if req.json.get("n") == 4)
    assert body["seed"] == 10 and body["stop"] == ["\nclass", "\ndef", "\n#", "\nif"]


def test_429_and_5xx_are_retried_honouring_retry_after(httpserver):
    httpserver.expect_ordered_request("/v1/completions").respond_with_data("busy", 429, {"Retry-After": "0"})
    httpserver.expect_ordered_request("/v1/completions").respond_with_data("oops", 503)
    httpserver.expect_ordered_request("/v1/completions").respond_with_json(reply(1))
    with get_backend("openai", model="m", base_url=httpserver.url_for("/v1"), max_n=1) as backend:
        gens = dict(backend.generate(completion_prompt(), SamplingParams(mode="completion"), [1]))
    assert gens[0].text == "    return a + b\n#0" and len(httpserver.log) == 3


def test_a_client_error_is_raised_at_once_with_the_servers_message(httpserver):
    httpserver.expect_request("/v1/completions").respond_with_data('{"error": "model m not found"}', 404)
    with get_backend("openai", model="m", base_url=httpserver.url_for("/v1"), max_n=1) as backend:
        with pytest.raises(ConfigError, match="HTTP 404.*model m not found"):
            list(backend.generate(completion_prompt(), SamplingParams(mode="completion"), [1]))
    assert len(httpserver.log) == 1


def test_a_server_that_refuses_logprobs_is_asked_without(httpserver):
    def handler(request):
        if "logprobs" in request.json:
            return Response('{"error": "logprobs is not supported"}', 400)
        return Response(json.dumps({"choices": [{"index": 0, "text": "x"}], "usage": {"completion_tokens": 1}}))

    httpserver.expect_request("/v1/completions").respond_with_handler(handler)
    with get_backend("openai", model="m", base_url=httpserver.url_for("/v1"), max_n=1) as backend:
        gens = dict(backend.generate(completion_prompt(), SamplingParams(mode="completion"), [1, 2]))
        assert not backend.logprobs
    assert gens[0].text == "x" and gens[0].mean_logprob is None and gens[0].n_tokens == 1


def test_an_unreachable_server_is_a_network_error_naming_the_url():
    url = f"http://127.0.0.1:{free_port()}/v1"
    with get_backend("openai", model="m", base_url=url, retries=1, max_n=1) as backend:
        with pytest.raises(NetworkError, match=rf"{url}/completions: ConnectError.*after 2 attempts.*--base-url"):
            list(backend.generate(completion_prompt(), SamplingParams(mode="completion"), [1]))
