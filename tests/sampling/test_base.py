import pytest

from sftmine.errors import ConfigError
from sftmine.sampling import (
    Backend,
    Generation,
    SamplingParams,
    backend_names,
    derive_seed,
    get_backend,
    register,
)
from sftmine.sampling.base import BACKENDS


def test_builtin_backends_are_registered():
    assert {"llama-cpp", "openai", "vllm", "transformers"} <= set(backend_names())


def test_a_third_party_backend_registers_like_the_builtins(monkeypatch):
    monkeypatch.setattr(BACKENDS, "_entries", dict(BACKENDS.items()))  # the registration ends with the test

    @register("echo-test")
    class Echo(Backend):
        name = "echo-test"
        model = "echo"

        def __init__(self, suffix: str = "!") -> None:
            self.suffix = suffix

        def generate(self, prompt, params, seeds):
            for i, seed in enumerate(seeds):
                yield i, Generation(text=f"{prompt.text}{seed}{self.suffix}")

    backend = get_backend("echo-test", suffix="?")
    assert list(backend.generate(type("P", (), {"text": "x"})(), SamplingParams(), [7])) == [
        (0, Generation(text="x7?"))]


def test_unknown_backend_and_unknown_option_name_the_choices():
    with pytest.raises(ConfigError, match="unknown model backend 'gpt'.*llama-cpp"):
        get_backend("gpt")
    with pytest.raises(ConfigError, match=r"openai: base_uri: unknown option; allowed: model, base_url, "):
        get_backend("openai", model="m", base_uri="http://x")
    with pytest.raises(ConfigError, match=r"openai: concurrency: expected an integer, got 'lots'"):
        get_backend("openai", model="m", concurrency="lots")


@pytest.mark.parametrize("kwargs, message", [
    ({"temperature": 3.0}, "temperature"), ({"top_p": 0.0}, "top_p"), ({"max_tokens": 0}, "max_tokens")])
def test_sampling_params_are_checked(kwargs, message):
    with pytest.raises(ConfigError, match=message):
        SamplingParams(**kwargs)


def test_seeds_depend_on_task_index_and_base_only():
    assert derive_seed("a/1", 0) == derive_seed("a/1", 0)
    seeds = {derive_seed("a/1", 0), derive_seed("a/1", 1), derive_seed("a/2", 0), derive_seed("a/1", 0, base=1)}
    assert len(seeds) == 4 and all(0 <= s < 2 ** 31 for s in seeds)
