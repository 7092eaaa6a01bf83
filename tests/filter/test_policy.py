import pytest

from sftmine.errors import ConfigError
from sftmine.filter.policy import POLICIES, apply_policy, rank
from sftmine.records import Sample, Task

TASK = Task(task_id="t/1", prompt="def f():\n", entry_point="f")


def sample(index, logprob, code="    return 1\n"):
    return Sample(task_id="t/1", fingerprint="fp", model="m", params={}, seed=index, index=index, text=code,
                  code=code, n_tokens=3, mean_logprob=logprob)


SAMPLES = [sample(0, -0.5, "    return 1 + 0\n"), sample(1, None, "    return 1\n"), sample(2, -0.1, "    return (1)\n"),
           sample(3, -0.5, "    x = 1\n    return x\n")]


def test_rank_by_mean_logprob_then_index_without_logprob_last():
    assert [s.index for s in rank(SAMPLES)] == [2, 0, 3, 1]


def test_policies_pick_the_targets():
    ranked = rank(SAMPLES)
    assert [s.index for s in apply_policy("all", TASK, ranked)] == [2, 0, 3, 1]
    assert [s.index for s in apply_policy("logprob", TASK, ranked)] == [2]
    assert [s.index for s in apply_policy("shortest", TASK, ranked)] == [1]
    picked = apply_policy("random", TASK, ranked)
    assert len(picked) == 1 and picked == apply_policy("random", TASK, ranked)  # seeded by the task
    assert set(POLICIES) == {"all", "random", "logprob", "shortest"}


def test_random_policy_differs_between_tasks():
    ranked = rank([sample(i, None) for i in range(50)])
    picks = {apply_policy("random", Task(task_id=f"t/{k}", prompt="", entry_point="f"), ranked)[0].index
             for k in range(20)}
    assert len(picks) > 1


def test_no_passing_samples_and_unknown_policy():
    assert apply_policy("logprob", TASK, []) == []
    with pytest.raises(ConfigError, match="unknown keep policy 'best'.*shortest"):
        apply_policy("best", TASK, rank(SAMPLES))
