from sftmine.filter.stats import failures_by_origin, summarize
from sftmine.records import FilteredTask, Status, Task, Verdict


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


def test_failures_by_origin_counts_the_false_positives_generated_tests_caught():
    def verdict(status, origin=""):
        return Verdict(sample_key="k", task_id="t", status=status, failed_origin=origin)

    out = failures_by_origin([verdict(Status.PASSED), verdict(Status.FAILED, "generated"),
                              verdict(Status.RUNTIME_ERROR, "generated"), verdict(Status.FAILED, "check"),
                              verdict(Status.TIMEOUT)])
    assert out == {"failed_by_origin": {"check": 1, "generated": 2}, "false_positives_caught": 2}
