"""Test generation as a stage: generated cases for every task, and the reference's mutation summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sftmine.records import Task
from sftmine.sandbox.pool import Pool
from sftmine.stages import Keep, Stage, StageResult
from sftmine.testgen.generate import Settings, already_generated, generate_task
from sftmine.testgen.strength import with_mutation
from sftmine.testgen.summary import summarize
from sftmine.verify import map_by_runtime


class TestsStage(Stage[Task]):
    """Runtime: `backend`, `size` (sandbox workers) and `unsafe`, as the sandbox options give them."""

    __test__ = False  # not a pytest class, whatever its name says
    name = "tests"
    version = "testgen/4"  # bump when generation makes other cases of the same task and settings
    record = Task
    settings_type = Settings

    def prepare(self) -> None:
        self.pool = Pool(self.runtime.get("backend", "auto"), self.runtime.get("size"),
                         unsafe=bool(self.runtime.get("unsafe")))

    def process(self, shard: list[Task]) -> Iterator[Keep]:
        for task in map_by_runtime(self.pool, shard, self._one):
            meta = task.meta.get("tests", {})
            yield Keep(task, {"weak": int(bool(meta.get("weak"))), "with_generated": int(bool(meta.get("generated"))),
                              "generated_cases": int(meta.get("generated") or 0)})

    def _one(self, pool: Pool, task: Task) -> Task:
        new = generate_task(pool, task, self.settings)
        if self.settings.mutants and not already_generated(task):
            new = with_mutation(pool, task, new, self.settings.mutants)
        return new

    def summary(self, result: StageResult) -> dict[str, Any]:
        return summarize(result.records)

    def describe(self, result: StageResult) -> str:
        summary = result.summary
        mutation = summary.get("mutation")
        score = (f"; mutation score {mutation['score_original']} -> {mutation['score_with_generated']} on "
                 f"{mutation['mutants']} mutants of {mutation['tasks']} reference(s)") if mutation else ""
        return (f"{summary['tasks_with_generated']} of {summary['tasks']} task(s) got generated tests "
                f"({result.processed} labelled now), {summary['weak']} weak{score}")

    def close(self) -> None:
        pool: Any = getattr(self, "pool", None)
        if pool is not None:
            pool.close()
