"""Traced functions to tasks, verified by re-running the canonical solution in the real sandbox."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from sftmine.ci.env.venv import create_venv
from sftmine.ci.funnel import CIFunnel
from sftmine.ci.record.traces import read_traces
from sftmine.ci.synth.synth import Project, SynthOptions, synthesize
from sftmine.judge import canonical_program
from sftmine.records import Case, Task
from sftmine.verify import verify
from tests.tracers.recording import Traced

GEO = '''
import math

UNIT = 1.0


def _sq(x):
    return x * x


def hyp(a, b):
    """Length of the hypotenuse of a right triangle with legs a and b."""
    return math.sqrt(_sq(a) + _sq(b)) * UNIT


def clamp(x, lo=0, hi=10):
    """Clamp x into [lo, hi]; raise ValueError when lo > hi."""
    if lo > hi:
        raise ValueError("empty range")
    return max(lo, min(hi, x))


def area(w, h):
    return w * h


def log_only(msg):
    """Returns nothing worth testing."""
    print(msg)


def once(x):
    """Called too rarely."""
    return x
'''


def record(tmp_path):
    t = Traced(tmp_path)
    geo = t.module("geo", GEO)
    t.run(lambda: [geo.hyp(3, 4), geo.hyp(5, 12), geo.hyp(1, 1), geo.clamp(-5), geo.clamp(50), geo.clamp(5, hi=3),
                   geo.clamp(7, 1, 9), _raises(geo.clamp, 1, 5, 2), geo.area(2, 3), geo.area(4, 5), geo.area(1, 1),
                   [geo.log_only(m) for m in "abc"], geo.once(1)])
    project = Project("path:geo", "https://example.invalid/geo", "", t.root, t.root, sys.executable)
    return t, project


def _raises(fn, *args):
    try:
        fn(*args)
    except ValueError as exc:  # a handler that calls something: the recorder sees the exception there
        return repr(exc)


def test_tasks_from_recorded_calls(tmp_path, bwrap_pool):
    t, project = record(tmp_path)
    funnel = CIFunnel()
    options = SynthOptions(example_docstrings=False)
    tasks = {task.entry_point: task for task in synthesize(read_traces(t.out, funnel), project, options, funnel)}
    assert set(tasks) == {"hyp", "clamp"}
    assert funnel["tasks_synthesized"].to_dict()["dropped"] == {
        "no docstring": 2, "never returns a value": 1, "too few distinct calls": 1}  # area and _sq
    hyp = tasks["hyp"]
    assert hyp.task_id == f"ci/path:geo/{t.funcs()['hyp']['module']}:hyp" and hyp.meta["context"]["inlined"] == ["UNIT", "_sq"]
    assert hyp.prompt.startswith("import math\n\nUNIT = 1.0\n\n\ndef _sq(x):\n")
    assert hyp.canonical_solution == "    return math.sqrt(_sq(a) + _sq(b)) * UNIT\n"
    assert [c.expected for c in hyp.tests] == ["5.0", "13.0", "1.4142135623730951"]
    clamp = tasks["clamp"]
    assert [(c.args, c.kwargs, c.expected, c.raises) for c in clamp.tests] == [
        ("[-5]", None, "0", None), ("[50]", None, "10", None), ("[5]", "{'hi': 3}", "3", None),
        ("[7, 1, 9]", None, "7", None), ("[1, 5, 2]", None, None, "ValueError")]
    assert all(c.origin == "traced" for c in clamp.tests) and "runtime" not in clamp.meta
    checks = verify(bwrap_pool, list(tasks.values()), repeat=2)
    assert [c.outcome for c in checks] == ["passed", "passed"], [c.reason for c in checks]
    compile(canonical_program(hyp), "hyp", "exec")


def test_functions_without_docstring_only_when_asked_and_marked(tmp_path):
    t, project = record(tmp_path)
    funnel = CIFunnel()
    tasks = synthesize(read_traces(t.out, funnel), project, SynthOptions(allow_no_docstring=True, example_docstrings=False),
                       funnel)
    area = next(task for task in tasks if task.entry_point == "area")
    assert area.meta["no_docstring"] is True and area.prompt == "def area(w, h):\n"


def test_an_undocumented_function_gets_a_docstring_of_its_shortest_calls_by_default(tmp_path, bwrap_pool):
    t, project = record(tmp_path)
    funnel = CIFunnel()
    tasks = {task.entry_point: task for task in synthesize(read_traces(t.out, funnel), project, SynthOptions(), funnel)}
    assert set(tasks) == {"hyp", "clamp", "area", "_sq"}
    area = tasks["area"]
    assert area.prompt == ('def area(w, h):\n    """Examples, recorded from the project\'s own tests:\n\n'
                           '    >>> area(2, 3)\n    6\n\n    >>> area(1, 1)\n    1\n    """\n')
    assert area.meta["docstring"] == "examples" and "no_docstring" not in area.meta
    assert "docstring" not in tasks["hyp"].meta  # its own docstring stays, alone
    checks = verify(bwrap_pool, [area], repeat=2)
    assert [c.outcome for c in checks] == ["passed"], [c.reason for c in checks]


def test_a_wrong_expected_value_fails_verification(tmp_path, bwrap_pool):
    t, project = record(tmp_path)
    tasks = synthesize(read_traces(t.out, CIFunnel()), project, SynthOptions(), CIFunnel())
    hyp = next(task for task in tasks if task.entry_point == "hyp")
    hyp.tests[0].expected = "6.0"
    [check] = verify(bwrap_pool, [hyp], repeat=2)
    assert check.outcome == "failed" and "want 6.0" in check.reason


def test_standalone_only_drops_tasks_that_need_the_project(tmp_path):
    t = Traced(tmp_path)
    mod = t.module("shapes", '''
        class Box:
            pass

        def is_box(x):
            """Whether x is a Box."""
            return isinstance(x, Box)
    ''')
    t.run(lambda: [mod.is_box(1), mod.is_box("a"), mod.is_box(None)])
    project = Project("path:shapes", "", "", t.root, tmp_path / "venv", "/venv/bin/python")
    funnel = CIFunnel()
    [task] = synthesize(read_traces(t.out, funnel), project, SynthOptions(), funnel)
    assert task.meta["runtime"] == {"python": "/venv/bin/python", "mounts": [str(t.root), str(tmp_path / "venv")]}
    assert task.prompt.startswith(f"from {t.funcs()['is_box']['module']} import Box\n")
    funnel = CIFunnel()
    assert synthesize(read_traces(t.out, funnel), project, SynthOptions(standalone_only=True), funnel) == []
    assert funnel["tasks_synthesized"].dropped == {"needs the project installed": 1}


def test_a_task_that_imports_the_project_verifies_in_the_project_venv(tmp_path, bwrap_pool):
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / "secretmod.py").write_text("FACTOR = 7\n")
    env = create_venv(tmp_path / "venv", getattr(sys, "_base_executable", sys.executable))
    (Path(env.site_packages[0]) / "checkout.pth").write_text(f"{checkout}\n")  # as an editable install does
    task = Task(task_id="ci/t/secretmod:scale", prompt="from secretmod import FACTOR\n\n\ndef scale(x):\n",
                entry_point="scale", canonical_solution="    return x * FACTOR\n",
                tests=[Case(args="[2]", expected="14", origin="traced")])
    [without] = verify(bwrap_pool, [task], repeat=2)
    assert without.outcome == "failed" and "ModuleNotFoundError" in without.reason
    task.meta["runtime"] = {"python": env.python, "mounts": [str(checkout), str(env.venv)]}
    [within] = verify(bwrap_pool, [task], repeat=2)
    assert within.outcome == "passed", within.reason


VERSIONS = '''
class Version:
    """A version number; equal to another by its parts."""

    __slots__ = ("major", "minor", "patch")

    def __init__(self, major, minor=0, patch=0):
        self.major, self.minor, self.patch = major, minor, patch

    def __eq__(self, other):
        return isinstance(other, Version) and self.key() == other.key()

    def key(self):
        return self.major, self.minor, self.patch


def parse(text):
    """The Version that a 'major.minor.patch' text spells."""
    return Version(*map(int, text.split(".")))


def bump(version, part="patch"):
    """The next version: one more in `part`, the parts after it reset to 0."""
    if part == "major":
        return Version(version.major + 1)
    if part == "minor":
        return Version(version.major, version.minor + 1)
    return Version(version.major, version.minor, version.patch + 1)
'''


def test_project_objects_as_arguments_and_returns_make_tasks_that_verify_and_mutants_fail(tmp_path, bwrap_pool):
    t = Traced(tmp_path)
    mod = t.module("vermod", VERSIONS, importable=True)
    t.run(lambda: [mod.parse(s) for s in ("1.2.3", "0.1.0", "10.0.7")] + [
        mod.bump(mod.Version(1, 2, 3), part) for part in ("major", "minor", "patch")])
    env = create_venv(tmp_path / "venv", getattr(sys, "_base_executable", sys.executable))
    (Path(env.site_packages[0]) / "project.pth").write_text(f"{t.root}\n")  # as an editable install does
    project = Project("path:vermod", "", "", t.root, env.venv, env.python)
    funnel = CIFunnel()
    tasks = {task.entry_point: task for task in synthesize(read_traces(t.out, funnel), project, SynthOptions(), funnel)}
    assert set(tasks) == {"parse", "bump"} and funnel["tasks_synthesized"].extra["project objects tasks"] == 2
    bump = tasks["bump"]
    assert bump.meta["kinds"] == ["rich values", "project objects"]
    assert bump.tests[0].args == "[vermod.Version({'major': 1, 'minor': 2, 'patch': 3}), 'major']"
    assert bump.tests[0].expected == "vermod.Version({'major': 2, 'minor': 0, 'patch': 0})"
    assert [c.outcome for c in verify(bwrap_pool, list(tasks.values()), repeat=2)] == ["passed", "passed"]
    no_reset = bump.canonical_solution.replace("Version(version.major, version.minor + 1)",
                                               "Version(version.major, version.minor + 1, version.patch)")
    [mutant] = verify(bwrap_pool, [dataclasses.replace(bump, canonical_solution=no_reset)], repeat=1)
    assert mutant.outcome == "failed" and "'patch': 3" in mutant.reason
