"""vLLM and transformers need a GPU machine and their extras; here: argument mapping and the missing-extra error."""

import importlib.util

import pytest

from sftmine.errors import ConfigError, MissingDependencyError
from sftmine.sampling import SamplingParams, get_backend
from sftmine.sampling.hf import cut_at_stop, generate_kwargs
from sftmine.sampling.vllm import sampling_kwargs, to_generation

PARAMS = SamplingParams(temperature=0.8, top_p=0.95, max_tokens=64, mode="completion")


def test_vllm_sampling_params_carry_seed_stops_and_sampled_token_logprobs():
    assert sampling_kwargs(PARAMS, 42, ("\ndef",)) == {
        "n": 1, "temperature": 0.8, "top_p": 0.95, "max_tokens": 64, "seed": 42, "stop": ["\ndef"], "logprobs": 0}


def test_vllm_output_becomes_a_generation_with_mean_logprob():
    output = type("CompletionOutput", (), {"text": "    return x\n", "token_ids": [1, 2, 3, 4],
                                           "cumulative_logprob": -2.0})()
    gen = to_generation(output)
    assert (gen.text, gen.n_tokens, gen.mean_logprob) == ("    return x\n", 4, -0.5)


def test_transformers_generate_arguments():
    kwargs = generate_kwargs(PARAMS, ("\ndef",))
    assert kwargs["do_sample"] is True and kwargs["temperature"] == 0.8 and kwargs["top_p"] == 0.95
    assert kwargs["max_new_tokens"] == 64 and kwargs["stop_strings"] == ["\ndef"] and kwargs["top_k"] == 0
    assert kwargs["output_logits"] and kwargs["return_dict_in_generate"]
    greedy = generate_kwargs(SamplingParams(temperature=0.0), ())
    assert greedy["do_sample"] is False and "temperature" not in greedy and "stop_strings" not in greedy


def test_transformers_text_is_cut_before_the_stop_string():
    assert cut_at_stop("    return x\ndef g():", ("\ndef", "\nclass")) == "    return x"


@pytest.mark.parametrize("name, module", [("vllm", "vllm"), ("transformers", "transformers")])
def test_missing_extra_names_the_install_command(name, module):
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed here")
    with pytest.raises(MissingDependencyError, match=rf"pip install 'sftmine\[{name}\]'"):
        get_backend(name, model="some/model")


@pytest.mark.parametrize("name", ["vllm", "transformers", "openai"])
def test_backends_that_need_a_model_name_say_so(name):
    with pytest.raises(ConfigError, match="--model"):
        get_backend(name)
