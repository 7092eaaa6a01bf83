from sftmine.records import Sample
from sftmine.sampling import SampleCache

PARAMS = {"temperature": 0.8, "top_p": 0.95, "max_tokens": 64, "mode": "chat"}


def test_every_part_of_the_key_counts():
    base = SampleCache.key("fp", "m", PARAMS, 0, "p")
    others = [SampleCache.key("fp2", "m", PARAMS, 0, "p"), SampleCache.key("fp", "m2", PARAMS, 0, "p"),
              SampleCache.key("fp", "m", {**PARAMS, "temperature": 0.2}, 0, "p"),
              SampleCache.key("fp", "m", PARAMS, 1, "p"), SampleCache.key("fp", "m", PARAMS, 0, "other prompt")]
    assert len({base, *others}) == 6
    assert SampleCache.key("fp", "m", dict(reversed(PARAMS.items())), 0, "p") == base  # key order is irrelevant


def test_samples_survive_a_reopen(tmp_path):
    sample = Sample(task_id="t/1", fingerprint="fp", model="m", params=PARAMS, seed=5, index=0, text="x",
                    code="x", n_tokens=1, mean_logprob=-0.25)
    cache = SampleCache(tmp_path / "s.sqlite")
    cache.put("k", sample)
    cache.close()
    again = SampleCache(tmp_path / "s.sqlite")
    assert again.get_many(["k", "missing"]) == {"k": sample} and len(again) == 1
