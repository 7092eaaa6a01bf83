from sftmine.judge import judge
from sftmine.records import Case, Origin, Status, Style, Task
from sftmine.testgen.agreement import distinct_programs, label_by_agreement, majority
from sftmine.testgen.generate import with_summary
from sftmine.testgen.inputs import task_rng
from sftmine.testgen.stdio import stdin_candidates

# Sum of n integers; the wrong program adds the first and the last, right on the one sample.
RIGHT_A = "n = int(input())\nprint(sum(map(int, input().split())))\n"
RIGHT_B = "input()\ntotal = 0\nfor tok in input().split():\n    total += int(tok)\nprint(total)\n"
WRONG = "input()\na = list(map(int, input().split()))\nprint(a[0] + a[-1])\n"


def test_majority_needs_two_programs_and_more_than_half():
    assert majority(["3", "3", "4"]) == "3"
    assert majority(["3", None, None]) is None  # one program is no agreement
    assert majority(["3", "3", "4", "4"]) is None  # a tie is not a clear majority
    assert majority(["3", "3", "4", None]) == "3"


def test_distinct_programs_ignore_formatting():
    assert len(distinct_programs([RIGHT_A, RIGHT_A.replace("n = ", "n  =  ") + "# same\n", RIGHT_B])) == 2


def test_agreement_labelling_makes_a_wrong_program_that_passes_the_samples_fail(bwrap_pool):
    task = Task(task_id="t/sum", prompt="", style=Style.STDIO, tests=[Case(stdin="2\n1 2\n", stdout="3\n")],
                checker={"kind": "tokens"}, limits={"time_s": 2, "memory_mb": 256})
    programs = [RIGHT_A, RIGHT_B, WRONG]
    assert all(judge(bwrap_pool, task, p).passed for p in programs)
    inputs = stdin_candidates(task, task_rng(task.task_id), 12)
    labelling = label_by_agreement(bwrap_pool, task, programs, inputs)
    assert labelling.labelled and not labelling.dropped  # two right programs always outvote the wrong one
    for stdin, stdout in labelling.labelled:
        assert int(stdout) == sum(map(int, stdin.split("\n")[1].split()))
    cases = [Case(stdin=s, stdout=o, origin=Origin.GENERATED.value) for s, o in labelling.labelled]
    strong = with_summary(task, cases, "agreement")
    assert strong.meta["tests"]["labelled_by"] == "agreement" and strong.meta["tests"]["weak"] is False
    assert judge(bwrap_pool, strong, WRONG).status is Status.FAILED
    assert judge(bwrap_pool, strong, RIGHT_A).passed and judge(bwrap_pool, strong, RIGHT_B).passed


def test_one_distinct_program_labels_nothing(bwrap_pool):
    task = Task(task_id="t/one", prompt="", style=Style.STDIO, tests=[Case(stdin="2\n1 2\n", stdout="3\n")])
    labelling = label_by_agreement(bwrap_pool, task, [RIGHT_A, RIGHT_A], ["2\n3 4\n"])
    assert not labelling.labelled and labelling.dropped == {"fewer than two distinct programs": 1}
