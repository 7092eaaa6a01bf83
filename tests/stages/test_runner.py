"""The stage runner on a stage with no sandbox: outcomes, files, funnel, cache, resume, lock."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator

import pytest

from sftmine.errors import StageLockedError
from sftmine.records import Task
from sftmine.stages import Drop, Keep, Stage, StageFiles, run_stage
from sftmine.store import RunLock, read_jsonl, read_records, write_jsonl

CALLS: list[str] = []  # task ids processed, across runs


@dataclasses.dataclass(frozen=True)
class Marks:
    mark: str = "x"


class MarkStage(Stage[Task]):
    """Drops tasks whose id ends in "-bad"; marks the others' titles; counts long prompts."""

    name = "mark"
    record = Task
    shard_size = 2

    def process(self, shard: list[Task]) -> Iterator[Keep | Drop]:
        for task in shard:
            if task.task_id == self.runtime.get("fail_on"):  # as a crash would; runtime is not in the digest
                raise RuntimeError("worker died")
            CALLS.append(task.task_id)
            counts = {"long": int(len(task.prompt) > 12)}
            if task.task_id.endswith("-bad"):
                yield Drop(task, "bad id", counts)
            else:
                yield Keep(dataclasses.replace(task, meta={**task.meta, "mark": self.settings.mark}), counts)


def _tasks(n: int) -> list[Task]:
    return [Task(task_id=f"t/{i}" + ("-bad" if i % 3 == 2 else ""), prompt="def f(x):\n" + "#" * i,
                 entry_point="f") for i in range(n)]


@pytest.fixture(autouse=True)
def _fresh_calls():
    CALLS.clear()


def test_outcomes_files_and_funnel(tmp_path):
    files = StageFiles(tmp_path / "out" / "tasks.jsonl")
    result = run_stage(MarkStage, Marks(), _tasks(6), files, progress=False)
    kept = list(read_records(files.output, Task))
    assert [t.task_id for t in kept] == ["t/0", "t/1", "t/3", "t/4"] and {t.meta["mark"] for t in kept} == {"x"}
    dropped = list(read_jsonl(files.dropped))
    assert [(d["reason"], d["record"]["task_id"]) for d in dropped] == [("bad id", "t/2-bad"), ("bad id", "t/5-bad")]
    stats = json.loads(files.stats.read_text())
    assert stats["funnel"] == {"seen": 6, "kept": 4, "dropped": {"bad id": 2}, "counts": {"long": 3}}
    assert (stats["processed"], stats["cached"], stats["shards"], stats["executor"]) == (6, 0, 3, "local")
    assert result.funnel.to_dict() == stats["funnel"] and files.cache.is_file()


def test_a_rerun_does_nothing_and_counts_the_same(tmp_path):
    files = StageFiles(tmp_path / "tasks.jsonl")
    first = run_stage(MarkStage, Marks(), _tasks(5), files, progress=False)
    before = files.output.read_bytes()
    CALLS.clear()
    again = run_stage(MarkStage, Marks(), _tasks(5), files, progress=False)
    assert CALLS == [] and (again.processed, again.cached, again.shards) == (0, 5, 0)
    assert files.output.read_bytes() == before and again.funnel == first.funnel


def test_new_records_and_new_settings_are_the_only_work(tmp_path):
    files = StageFiles(tmp_path / "tasks.jsonl")
    run_stage(MarkStage, Marks(), _tasks(4), files, progress=False)
    CALLS.clear()
    grown = run_stage(MarkStage, Marks(), _tasks(6), files, progress=False)
    assert CALLS == ["t/4", "t/5-bad"] and grown.processed == 2
    CALLS.clear()
    run_stage(MarkStage, Marks(mark="y"), _tasks(6), files, progress=False)
    assert len(CALLS) == 6 and {t.meta["mark"] for t in read_records(files.output, Task)} == {"y"}


def test_a_crash_keeps_the_finished_shards_and_writes_no_output(tmp_path):
    files = StageFiles(tmp_path / "tasks.jsonl")
    with pytest.raises(RuntimeError, match="worker died"):
        run_stage(MarkStage, Marks(), _tasks(6), files, {"fail_on": "t/4"}, progress=False)
    assert not files.output.exists() and not files.stats.exists()
    assert CALLS == ["t/0", "t/1", "t/2-bad", "t/3"]
    CALLS.clear()
    resumed = run_stage(MarkStage, Marks(), _tasks(6), files, progress=False)
    fresh = run_stage(MarkStage, Marks(), _tasks(6), StageFiles(tmp_path / "fresh.jsonl"), progress=False)
    assert CALLS[:2] == ["t/4", "t/5-bad"] and resumed.processed == 2
    assert files.output.read_bytes() == (tmp_path / "fresh.jsonl").read_bytes()
    assert resumed.funnel == fresh.funnel


def test_one_run_at_a_time_per_output(tmp_path):
    files = StageFiles(tmp_path / "tasks.jsonl")
    with RunLock(tmp_path, files.lock), pytest.raises(StageLockedError, match="another sftmine run"):
        run_stage(MarkStage, Marks(), _tasks(2), files, progress=False)
    run_stage(MarkStage, Marks(), _tasks(2), StageFiles(tmp_path / "other.jsonl"), progress=False)


def test_a_stage_that_loses_records_is_an_error(tmp_path):
    class Lossy(MarkStage):
        name = "lossy"

        def process(self, shard):
            yield from list(super().process(shard))[:1]

    with pytest.raises(RuntimeError, match="1 outcomes for 2 records"):
        run_stage(Lossy, Marks(), _tasks(2), StageFiles(tmp_path / "t.jsonl"), progress=False)


def test_settings_must_be_a_dataclass(tmp_path):
    write_jsonl(tmp_path / "in.jsonl", _tasks(1))
    with pytest.raises(TypeError, match="settings must be a dataclass"):
        MarkStage({"mark": "x"})


class StoredStage(MarkStage):
    """Keeps its work in a store of its own (as tracing does): `finished` answers for what it holds."""

    name = "stored"
    cache_outcomes = False

    def finished(self, record: Task) -> Keep | None:
        return Keep(record, {"stored": 1}) if record.task_id in self.runtime["store"] else None


def test_what_a_stage_has_finished_is_taken_from_it_and_never_sent_to_a_worker(tmp_path):
    tasks = _tasks(4)
    result = run_stage(StoredStage, Marks(), tasks, StageFiles(tmp_path / "o.jsonl"), {"store": {"t/1", "t/3"}},
                       progress=False)
    assert CALLS == ["t/0", "t/2-bad"]  # only what the store lacks was run
    assert (result.processed, result.cached) == (2, 2)
    assert result.funnel.to_dict()["counts"]["stored"] == 2 and result.funnel.kept == 3


class FirstTitleWins(MarkStage):
    """A whole-set rule: of tasks with one prompt, the first kept one wins (settle, on the driver)."""

    name = "first-title"
    shard_size = 1  # every task in a shard of its own: no shard can see the rule

    def settle(self, records, outcomes):
        seen, settled = set(), []
        for record, outcome in zip(records, outcomes):
            if isinstance(outcome, Keep) and record.prompt in seen:
                outcome = Drop(record, "same prompt")
            elif isinstance(outcome, Keep):
                seen.add(record.prompt)
            settled.append(outcome)
        return settled


def test_settle_sees_every_outcome_across_shards_and_cached_ones_too(tmp_path):
    twins = [dataclasses.replace(t, prompt="def f(x): same") for t in _tasks(2)] + _tasks(3)[2:]
    files = StageFiles(tmp_path / "o.jsonl")
    for _ in range(2):  # the second run takes every outcome from the cache, and settles them alike
        result = run_stage(FirstTitleWins, Marks(), twins, files, progress=False)
        assert [o.reason if isinstance(o, Drop) else "kept" for o in result.outcomes] == [
            "kept", "same prompt", "bad id"]
        assert [t.task_id for t in read_records(files.output, Task)] == ["t/0"]
    assert result.cached == 3 and CALLS == ["t/0", "t/1", "t/2-bad"]
