"""The sampler on the real embedded model: seeds, the sample cache, growing n, failed tasks."""

from sftmine.records import Task
from sftmine.sampling import SampleCache, Sampler, SamplingParams, derive_seed
from tests.sampling.support import easy_tasks

PARAMS = SamplingParams(max_tokens=32, mode="chat")


def test_samples_carry_model_params_seed_and_extracted_code(embedded, tmp_path):
    task = easy_tasks()[0]
    sampler = Sampler(embedded, PARAMS, SampleCache(tmp_path / "s.sqlite"))
    samples = sampler.sample([task], 2, progress=False)
    assert [s.index for s in samples] == [0, 1]
    for s in samples:
        assert s.task_id == task.task_id and s.fingerprint == task.fingerprint
        assert s.model == embedded.model and s.seed == derive_seed(task.task_id, s.index)
        assert s.params == {"temperature": 0.8, "top_p": 0.95, "max_tokens": 32, "mode": "chat", "top_k": 0,
                            "min_p": 0.0, "typical_p": 1.0, "repeat_penalty": 1.0, "base_seed": 0}
        assert s.code == sampler.mode.extract(task, s.text)
    assert sampler.stats.generated == 2 and sampler.stats.tokens == sum(s.n_tokens for s in samples)


def test_a_larger_n_generates_only_the_missing_indices(embedded, tmp_path):
    task = easy_tasks()[1]
    cache = SampleCache(tmp_path / "s.sqlite")
    first = Sampler(embedded, PARAMS, cache).sample([task], 2, progress=False)
    again = Sampler(embedded, PARAMS, cache)
    more = again.sample([task], 3, progress=False)
    assert (again.stats.cached, again.stats.generated) == (2, 1)
    assert [s.to_dict() for s in more[:2]] == [s.to_dict() for s in first]
    assert len(cache) == 3


def test_other_params_or_model_miss_the_cache(embedded, tmp_path):
    task = easy_tasks()[1]
    cache = SampleCache(tmp_path / "s.sqlite")
    Sampler(embedded, PARAMS, cache).sample([task], 1, progress=False)
    hotter = Sampler(embedded, SamplingParams(max_tokens=32, temperature=1.0), cache)
    hotter.sample([task], 1, progress=False)
    reseeded = Sampler(embedded, PARAMS, cache, base_seed=9)
    reseeded.sample([task], 1, progress=False)
    assert hotter.stats.generated == 1 and reseeded.stats.generated == 1 and len(cache) == 3


def test_a_task_that_cannot_be_sampled_is_reported_and_skipped(embedded, tmp_path):
    huge = Task(task_id="t/huge", prompt="def f():\n" + "    x = 1\n" * 3000, entry_point="f")
    sampler = Sampler(embedded, PARAMS, SampleCache(tmp_path / "s.sqlite"))
    samples = sampler.sample([huge, easy_tasks()[0]], 1, progress=False)
    assert [s.task_id for s in samples] == ["easy/add"]
    assert "does not fit" in sampler.stats.failed_tasks["t/huge"]
