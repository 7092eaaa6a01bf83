import dataclasses
import json

import fsspec
import pytest

from sftmine.errors import ConfigError
from sftmine.export import export, targets
from sftmine.snapshot import from_dirs, write_snapshot
from tests.fixtures.datasets.build import filter_results, filtered, sample, write_filter_dir


def _rows(url):
    with fsspec.open(url, "r") as fh:
        return [json.loads(line) for line in fh]


def test_all_passing_samples_become_rows(snapshot, tmp_path):
    result = export(snapshot, "sft", str(tmp_path / "sft.jsonl"), "all")
    rows = _rows(str(tmp_path / "sft.jsonl"))
    kept = list(snapshot.kept())
    assert result.rows == len(rows) == sum(len(r.passing) for r in kept)
    by_task = {r.task.task_id: r.task for r in kept}
    for row in rows:
        assert row["prompt"] == by_task[row["task_id"]].prompt
        assert row["target"] == "sample" and row["mode"] == "completion" and row["model"] == "fixture-model"
    first = [r for r in rows if r["task_id"] == "HumanEval/2"]
    assert [r["mean_logprob"] for r in first] == [-0.1, -0.2]  # ranked by log-probability


@pytest.mark.parametrize("policy, count", [("logprob", 12), ("shortest", 12), ("random", 12), ("reference", 11)])
def test_policies_choose_the_targets(snapshot, tmp_path, policy, count):
    result = export(snapshot, "sft", f"memory://{tmp_path.name}/{policy}.jsonl", policy)
    rows = _rows(f"memory://{tmp_path.name}/{policy}.jsonl")
    assert result.rows == len(rows) == count
    if policy == "reference":
        assert {r["target"] for r in rows} == {"reference"} and result.funnel.dropped == {"no_target": 1}
    if policy == "logprob":
        assert next(r for r in rows if r["task_id"] == "HumanEval/2")["completion"].startswith("    # checked")
    if policy == "shortest":
        assert next(r for r in rows if r["task_id"] == "HumanEval/2")["completion"] == "    return number % 1.0\n"


def test_random_is_the_same_on_every_run(snapshot):
    assert export(snapshot, "sft", "memory://r1.jsonl", "random").rows == 12
    export(snapshot, "sft", "memory://r2.jsonl", "random")
    assert _rows("memory://r1.jsonl") == _rows("memory://r2.jsonl")


def test_a_kept_task_without_passing_samples_falls_back_to_its_reference():
    kept, _ = filter_results()
    record = filtered(kept[0].task, 4, [])
    assert [t.kind for t in targets(record, "all")] == ["reference"]
    chat = sample(kept[0].task, 3, "def f():\n    return 1\n", -0.5, mode="chat")
    assert [(t.kind, t.mode) for t in targets(filtered(kept[0].task, 4, [chat]), "all")] == [("sample", "chat")]


def test_the_default_target_is_the_reference_else_the_distinct_passing_samples(snapshot, tmp_path):
    result = export(snapshot, "sft", str(tmp_path / "sft.jsonl"))
    rows = _rows(str(tmp_path / "sft.jsonl"))
    kept = {r.task.task_id: r for r in snapshot.kept()}
    assert result.rows == len(rows) == len(kept)  # every fixture task has a reference or one distinct sample
    for row in rows:
        task = kept[row["task_id"]].task
        if task.canonical_solution is not None:
            assert (row["target"], row["completion"]) == ("reference", task.canonical_solution)
        else:
            assert row["target"] == "sample" and row["completion"] in {s.code for s in kept[row["task_id"]].passing}
    assert "prefer-reference" == targets.__defaults__[0]


def test_identical_code_is_one_target():
    kept, _ = filter_results()
    task = kept[0].task
    code = "    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1:])\n"
    same = [sample(task, 0, code, -0.2), sample(task, 1, code.rstrip() + "  \n\n", -0.1), sample(task, 2, code, -0.3)]
    other = sample(task, 3, "    return False if not numbers else " + code.strip() + "\n", -0.4)
    record = filtered(task, 4, [*same, other])
    for policy in ("all", "prefer-reference"):
        chosen = targets(filtered(dataclasses.replace(task, canonical_solution=None), 4, [*same, other]), policy)
        assert [t.index for t in chosen] == [1, 3]  # the best-ranked of the identical three, and the other
    assert [t.kind for t in targets(record)] == ["reference"]
    chat = sample(task, 5, "def f():\n    return 1\n", -0.5, mode="chat")
    assert len(targets(filtered(task, 4, [chat, sample(task, 6, chat.code, -0.6, mode="chat")]), "all")) == 1


def test_output_urls_and_no_half_files(snapshot, tmp_path):
    export(snapshot, "sft", f"file://{tmp_path}/deep/er/sft.jsonl")
    assert [p.name for p in (tmp_path / "deep" / "er").iterdir()] == ["sft.jsonl"]
    fs = fsspec.filesystem("memory")
    export(snapshot, "sft", "memory://urls/sft.jsonl")
    assert fs.ls("/urls", detail=False) == ["/urls/sft.jsonl"]


def test_unknown_format_and_policy_are_named(snapshot):
    with pytest.raises(ConfigError, match="unknown export format 'csv'; choose from codex-d, humaneval, parquet, sft"):
        export(snapshot, "csv", "memory://x")
    with pytest.raises(ConfigError, match="unknown keep policy 'best'"):
        export(snapshot, "sft", "memory://x", "best")


def test_chat_mode_samples_are_whole_functions(tmp_path):
    kept, dropped = filter_results()
    task = kept[0].task
    whole = task.prompt.split("def ")[0] + "def has_close_elements(numbers, threshold):\n" \
        '    """Any two closer than threshold?"""\n    return any(abs(a - b) < threshold for i, a in ' \
        "enumerate(numbers) for b in numbers[i + 1:])\n"
    kept[0] = filtered(task, 4, [sample(task, 0, whole, -0.3, mode="chat")])
    snap = write_snapshot(tmp_path, from_dirs(write_filter_dir(tmp_path / "f", kept, dropped))).snapshot
    export(snap, "sft", str(tmp_path / "sft.jsonl"), "all")
    row = next(r for r in _rows(str(tmp_path / "sft.jsonl")) if r["task_id"] == task.task_id)
    assert (row["mode"], row["completion"]) == ("chat", whole)
    export(snap, "codex-d", str(tmp_path / "d.jsonl"), "all")
    pair = next(r for r in _rows(str(tmp_path / "d.jsonl")) if r["task_id"] == task.task_id)
    assert pair["completion"] == "Any two closer than threshold?"  # the answer's own docstring


def test_the_sft_export_loads_as_a_prompt_completion_dataset(snapshot, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    export(snapshot, "sft", str(tmp_path / "sft.jsonl"))
    rows = datasets.load_dataset("json", data_files=str(tmp_path / "sft.jsonl"), split="train",
                                 cache_dir=str(tmp_path / "hf"))
    pairs = rows.select_columns(["prompt", "completion"])  # what TRL's SFTTrainer takes
    assert pairs.num_rows == len(list(snapshot.kept())) and all(r["prompt"] and r["completion"] for r in pairs)
