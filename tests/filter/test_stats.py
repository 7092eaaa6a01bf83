from sftmine.filter.stats import summarize
from sftmine.records import FilteredTask, Task


def result(task_id, n, c, kept, reason=None):
    return FilteredTask(task=Task(task_id=task_id, prompt="", entry_point="f"), n=n, c=c, pass_at={}, kept=kept,
                        drop_reason=reason)


def test_known_answers():
    stats = summarize([result("a", 10, 5, True), result("b", 10, 0, False, "unsolved"),
                       result("c", 1, 1, False, "unstable"), result("d", 0, 0, False, "no_samples")])
    assert stats["tasks"] == 4 and stats["kept"] == 1
    assert stats["dropped"] == {"no_samples": 1, "unsolved": 1, "unstable": 1}
    # pass@1 = mean(0.5, 0, 1) over tasks with samples; pass@10 = mean(1, 0) over tasks with n >= 10
    assert stats["pass@1"] == 0.5 and stats["pass@10"] == 0.5 and stats["pass@100"] is None
    assert stats["samples"] == 21 and stats["passing_samples"] == 6
