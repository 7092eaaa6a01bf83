import pytest

from sftmine.errors import RecordError
from sftmine.records import Case, FilteredTask, Sample, Status, Style, Task, Verdict, stable_hash


def make_task(**kw):
    base = dict(task_id="t/1", prompt="def f(x):\n", entry_point="f", canonical_solution="    return x\n",
                tests=[Case(args="[1]", expected="1")])
    base.update(kw)
    return Task(**base)


def test_task_round_trip_keeps_every_field():
    task = make_task(meta={"title": "x"}, source={"kind": "import"})
    again = Task.from_dict(task.to_dict())
    assert again == task
    assert isinstance(again.tests[0], Case)
    assert again.style is Style.FUNCTION


def test_fingerprint_changes_with_tests_but_not_with_meta():
    a = make_task()
    assert make_task(meta={"title": "other"}).fingerprint == a.fingerprint
    assert make_task(tests=[Case(args="[2]", expected="2")]).fingerprint != a.fingerprint
    assert make_task(limits={"time_s": 1, "memory_mb": 64}).fingerprint != a.fingerprint


def test_unknown_field_is_a_clear_error():
    data = make_task().to_dict()
    data["promt"] = "typo"
    with pytest.raises(RecordError, match="unknown field.*promt"):
        Task.from_dict(data)


def test_bad_enum_value_names_the_choices():
    data = make_task().to_dict()
    data["style"] = "interactive"
    with pytest.raises(RecordError, match="not one of"):
        Task.from_dict(data)


def test_function_task_needs_entry_point():
    with pytest.raises(RecordError, match="entry_point"):
        make_task(entry_point=None)


def test_verdict_and_filtered_round_trip():
    verdict = Verdict(sample_key="t/1#0", task_id="t/1", status=Status.TIMEOUT)
    assert Verdict.from_dict(verdict.to_dict()) == verdict
    sample = Sample(task_id="t/1", fingerprint="f", model="m", params={"t": 0.8}, seed=1, index=0,
                    text="x", code="y")
    ft = FilteredTask(task=make_task(), n=1, c=1, pass_at={"pass@1": 1.0}, kept=True, passing=[sample])
    again = FilteredTask.from_dict(ft.to_dict())
    assert again == ft and isinstance(again.passing[0], Sample)


def test_stable_hash_ignores_key_order():
    assert stable_hash({"a": 1, "b": [1, 2]}) == stable_hash({"b": [1, 2], "a": 1})
