"""A stage from tasks to tasks in the refresh: `task_step` alone, on a small real stage."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from sftmine.records import Task
from sftmine.refresh import RefreshConfig
from sftmine.refresh.dataset import task_step
from sftmine.refresh.state import Run, StepState
from sftmine.stages import Drop, Keep, Stage
from sftmine.store import read_records

EASY = Path(__file__).resolve().parents[1] / "fixtures" / "sampling" / "easy_tasks.jsonl"


@dataclass(frozen=True)
class TagSettings:
    tag: str = "seen"
    skip: tuple[str, ...] = ()


class TagStage(Stage[Task]):
    """Tags every task but those it skips, which it drops."""

    name = "tag"
    version = "tag/1"
    record = Task
    settings_type = TagSettings
    unit = "task"

    def process(self, shard):
        for task in shard:
            if task.task_id in self.settings.skip:
                yield Drop(task, "skipped")
            else:
                yield Keep(dataclasses.replace(task, meta={**task.meta, "tag": self.settings.tag}))


def run_in(out: Path, source: Path, **stages) -> Run:
    config = RefreshConfig.from_dict({"out": str(out)})
    config.stages.update(stages)
    return Run(config, out, False, StepState(out), tasks=source)


def test_a_task_stage_runs_when_its_entry_is_given_hands_its_tasks_on_and_skips_when_unchanged(tmp_path):
    name, wanted, step = task_step(TagStage)
    assert name == "tag" and not wanted(run_in(tmp_path, EASY).config)
    settings = TagSettings("nightly", skip=("easy/mystery",))
    run = run_in(tmp_path / "out", EASY, tag=settings)
    assert wanted(run.config)
    first = step(run)
    tasks = list(read_records(run.tasks, Task))
    assert run.tasks == tmp_path / "out" / "tag" / "tasks.jsonl" and first.ran
    assert [t.task_id for t in tasks] == ["easy/add", "easy/is_even", "easy/reverse", "easy/square"]
    assert all(t.meta["tag"] == "nightly" for t in tasks)
    assert first.message.startswith("4 of 5 task(s) kept, 1 dropped")
    again = step(run_in(tmp_path / "out", EASY, tag=settings))
    assert not again.ran and again.message == "tasks unchanged; nothing to do"
    other = step(run_in(tmp_path / "out", EASY, tag=TagSettings("weekly")))  # new settings: a new digest
    assert other.ran
