from sftmine.bench.tests import report
from sftmine.records import Case, Task
from sftmine.testgen.generate import Settings, generate_task
from sftmine.testgen.strength import analyse

PROMPT = "def absolute(x):\n"
SOLUTION = "    return -x if x < 0 else x\n"
TASK = Task(task_id="t/abs", prompt=PROMPT, entry_point="absolute", canonical_solution=SOLUTION,
            tests=[Case(args="[-3]", expected="3", origin="official"), Case(args="[7]", expected="7", origin="official")],
            limits={"time_s": 2, "memory_mb": 256}, source={"kind": "import", "site": "toy"})


def test_mutants_are_killed_by_generated_tests_and_equivalent_ones_dropped(bwrap_pool):
    generated = generate_task(bwrap_pool, TASK, Settings(per_task=30, candidates=40))  # every candidate kept
    result = analyse(bwrap_pool, TASK, generated, limit=20)
    assert result.reference_passes and result.probe_cases > 0
    by_change = {(m.operator, m.after): m for m in result.mutants}
    equivalent = by_change[("compare", "x <= 0")]  # -0 == 0: no input tells them apart
    assert equivalent.equal_on_probe and not equivalent.killed_generated
    swapped = by_change[("constant", "-1")]  # x < -1: wrong only at -1, which the task never tries
    assert not swapped.killed_original and swapped.killed_generated
    figures = report([result], 1.0, "bwrap", 20)
    overall = figures["overall"]
    assert overall["reference_pass_rate"] == 1.0 and overall["dropped_equal"] >= 1
    assert overall["killed_with_generated"] == overall["mutants"] > overall["killed_original"]
    assert figures["by_source"]["toy"]["mutants"] == overall["mutants"]
    assert any(s["after"] == "-1" and s["killed_generated"] for s in figures["survivors_of_original"])


def test_the_tests_stage_records_a_mutation_summary_per_task(tmp_path):
    from sftmine.store.jsonl import read_records, write_jsonl
    from sftmine.testgen.run import generate_file

    weak = Task(task_id="t/noref", prompt=PROMPT, entry_point="absolute", tests=list(TASK.tests))
    write_jsonl(tmp_path / "in.jsonl", [TASK, weak])
    settings = Settings(per_task=30, candidates=40, mutants=20)
    summary = generate_file(tmp_path / "in.jsonl", tmp_path / "out.jsonl", settings,
                            {"backend": "bwrap", "size": 1})
    by_id = {t.task_id: t for t in read_records(tmp_path / "out.jsonl", Task)}
    mutation = by_id["t/abs"].meta["tests"]["mutation"]
    assert mutation["mutants"] > mutation["killed_original"] and mutation["killed_with_generated"] == mutation["mutants"]
    assert mutation["dropped_equal"] >= 1 and "mutation" not in by_id["t/noref"].meta["tests"]
    assert by_id["t/abs"].fingerprint == by_id["t/abs"].compute_fingerprint()
    assert summary["mutation"]["tasks"] == 1 and summary["mutation"]["score_with_generated"] == 1.0
