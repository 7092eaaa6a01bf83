from sftmine.records import Task
from sftmine.testgen.inputs import Input
from sftmine.testgen.label import label

PROMPT = "def f(x):\n"


def _task(solution):
    return Task(task_id="t/label", prompt=PROMPT, entry_point="f", canonical_solution=solution,
                limits={"time_s": 1, "memory_mb": 256})


def test_a_reference_that_changes_its_answer_labels_nothing(bwrap_pool):
    task = _task("    import time\n    return x if x > 0 else time.perf_counter_ns()\n")
    result = label(bwrap_pool, task, [Input([1]), Input([2]), Input([-1])])
    assert [inp.args for inp, _ in result.labelled] == [[1], [2]]
    assert result.dropped == {"unstable": 1}


def test_unencodable_answers_and_a_crashing_input_are_dropped_alone(bwrap_pool):
    task = _task("    import os\n    if x == 3:\n        os._exit(3)\n    return object() if x == 2 else x\n")
    inputs = [Input([n]) for n in range(1, 20)]
    result = label(bwrap_pool, task, inputs)
    assert sorted(inp.args[0] for inp, _ in result.labelled) == [n for n in range(1, 20) if n not in (2, 3)]
    assert result.dropped["unencodable"] == 1 and sum(result.dropped.values()) == 2
