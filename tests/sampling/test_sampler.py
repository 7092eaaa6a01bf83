"""The sampler on the real embedded model: seeds, the sample cache, growing n, failed tasks."""

import pytest

from sftmine.records import Task
from sftmine.sampling import Backend, SampleCache, Sampler, SamplingParams, derive_seed, get_mode
from sftmine.sampling.sampler import cache_keys, index_groups
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
                            "min_p": 0.0, "typical_p": 1.0, "repeat_penalty": 1.0, "batch": 64,
                            "base_seed": 0}
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


@pytest.fixture(scope="module")
def batch_of_two():
    """The embedded model decoding two sequences together: groups {0, 1}, {2, 3}, ..."""
    from sftmine.sampling.llamacpp import LlamaCppBackend

    with LlamaCppBackend(n_ctx=2048, batch=2) as backend:
        yield backend


class Interrupted(Exception):
    pass


class StopsAfter(Backend):
    """The real backend, with the run killed once `count` generations have ended."""

    def __init__(self, inner: Backend, count: int) -> None:
        self.inner, self.count = inner, count
        self.name, self.model, self.group_size = inner.name, inner.model, inner.group_size

    def settings(self):
        return self.inner.settings()

    def generate(self, prompt, params, seeds):
        raise AssertionError("the sampler hands a grouping backend every task's groups in one call")

    def generate_many(self, jobs, params):
        for item in self.inner.generate_many(jobs, params):
            yield item
            self.count -= 1
            if self.count == 0:
                raise Interrupted


def test_a_group_is_cached_whole_and_a_resumed_or_grown_run_equals_a_fresh_one(batch_of_two, tmp_path):
    task = easy_tasks()[3]
    fresh = Sampler(batch_of_two, PARAMS, SampleCache(tmp_path / "fresh.sqlite")).sample([task], 5, progress=False)
    cache = SampleCache(tmp_path / "resumed.sqlite")
    Sampler(batch_of_two, PARAMS, cache).sample([task], 1, progress=False)  # group {0, 1} half asked for
    with pytest.raises(Interrupted):  # group {2, 3}: one of its two ended, then the run was killed
        Sampler(StopsAfter(batch_of_two, 2), PARAMS, cache).sample([task], 4, progress=False)
    params = Sampler(batch_of_two, PARAMS, cache).record_params
    keys = cache_keys(task, 4, batch_of_two.model, params, get_mode("chat").prompt(task))
    held = {i for i, k in enumerate(keys) if k in cache.get_many(keys)}
    assert 0 in held and len(held) < 4  # groups {0, 1} and {2, 3} ran together; the kill came before both ended
    assert all(group <= held or not group & held for group in ({0, 1}, {2, 3}))  # a group is cached whole
    resumed = Sampler(batch_of_two, PARAMS, cache)
    grown = resumed.sample([task], 5, progress=False)
    assert (resumed.stats.cached, resumed.stats.generated) == (2, 3)
    assert [s.to_dict() for s in grown] == [s.to_dict() for s in fresh]


def test_samples_do_not_depend_on_the_batch_but_its_size_is_in_the_cache_key(embedded, batch_of_two, tmp_path):
    task = easy_tasks()[0]
    cache = SampleCache(tmp_path / "s.sqlite")
    wide = Sampler(embedded, PARAMS, cache).sample([task], 3, progress=False)
    narrow_sampler = Sampler(batch_of_two, PARAMS, cache)
    narrow = narrow_sampler.sample([task], 3, progress=False)
    assert narrow_sampler.stats.generated == 3 and len(cache) == 6  # a different B is a different key
    assert narrow[0].params["batch"] == 2 and wide[0].params["batch"] == 64
    assert [(s.text, s.n_tokens) for s in narrow] == [(s.text, s.n_tokens) for s in wide]
    mode = get_mode("chat")
    assert set(cache_keys(task, 3, embedded.model, narrow_sampler.record_params, mode.prompt(task))).isdisjoint(
        cache_keys(task, 3, embedded.model, Sampler(embedded, PARAMS, cache).record_params, mode.prompt(task)))


def test_index_groups_follow_the_sample_index_not_what_is_missing():
    assert index_groups([1, 2, 3, 8, 9], 4) == [[1, 2, 3], [8, 9]]
    assert index_groups([1, 2, 3], 0) == [[1, 2, 3]] and index_groups([], 4) == []
