"""The `.pth` hook in real virtualenvs: on only when SFTMINE_TRACE says so, subprocesses included, on the
oldest and newest interpreters here with each driver they have (sys.monitoring from 3.12, the profile hook)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from sftmine.ci.env import interpreters
from sftmine.ci.env.venv import create_venv
from sftmine.ci.record.recorder import trace_env
from tracers import store

CALC = '''
def square(x):
    """Square x."""
    return x * x


def inverse(x):
    return 1 / x
'''
MAIN = '''
import subprocess, sys
import calc
print(calc.square(3), calc.square(4))
try:
    calc.inverse(0)
except ZeroDivisionError:
    pass  # a handler that calls nothing: only sys.monitoring sees which exception left inverse()
subprocess.run([sys.executable, "-c", "import calc; calc.square(9)"], check=True)
'''


def pythons() -> list[interpreters.Interpreter]:
    """The oldest and newest interpreters here, and this one: the recorder must run on each."""
    found = interpreters.available()
    here = sys.version_info[:2]
    return sorted({found[0], found[-1], *(i for i in found if i.version == here)}, key=lambda i: i.version)


@pytest.fixture(scope="module", params=pythons(), ids=lambda i: i.dotted)
def venv(request, tmp_path_factory):
    env = create_venv(tmp_path_factory.mktemp("hook") / "venv", request.param.path)
    env.version = request.param.version  # type: ignore[attr-defined]
    return env


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / "calc.py").write_text(textwrap.dedent(CALC))
    (root / "main.py").write_text(textwrap.dedent(MAIN))
    return root


def run(venv, project, env):
    return subprocess.run([venv.python, "main.py"], cwd=project, env={"PATH": "/usr/bin:/bin", **env},
                          capture_output=True, text=True, timeout=60)


def rows(out) -> list:
    return [r for path in store.trace_files(str(out)) for r in store.read_calls(path)]


@pytest.mark.parametrize("driver", ["auto", "profile"])
def test_the_hook_records_the_program_and_its_python_subprocesses(venv, project, tmp_path, driver):
    out = tmp_path / "traces"
    done = run(venv, project, trace_env(out, project, [], {"max_calls": 20, "driver": driver}))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["9", "16"]
    files = store.trace_files(str(out))
    assert len(files) == 2  # one file per process
    assert sorted(r.result for r in rows(out) if r.result) == ["16", "81", "9"]
    used = {store.read_meta(f)["driver"] for f in files}
    monitoring = driver == "auto" and venv.version >= (3, 12)
    assert used == {"monitoring" if monitoring else "profile"}
    [inverse] = [(r.raised, r.reason) for r in rows(out) if r.result is None]
    assert inverse == (("ZeroDivisionError", None) if monitoring else (None, "raise_unresolved"))


def test_without_the_variable_nothing_is_recorded(venv, project, tmp_path):
    done = run(venv, project, {})
    assert done.returncode == 0 and done.stdout.split() == ["9", "16"]
    assert "sftmine_tracer" not in done.stderr
    assert not (tmp_path / "traces").exists()


def test_a_broken_setting_leaves_the_program_running_untraced(venv, project):
    done = run(venv, project, {"SFTMINE_TRACE": "{not json"})
    assert done.returncode == 0 and done.stdout.split() == ["9", "16"]
    assert "sftmine tracer not started: JSONDecodeError" in done.stderr


GEN = '''
def evens(n):
    """Even numbers below n."""
    yield from range(0, n, 2)
'''
GEN_MAIN = '''
import itertools
import gen
print(list(gen.evens(5)), list(itertools.islice(gen.evens(100), 2)))
'''


@pytest.mark.parametrize("driver", ["auto", "profile"])
def test_generators_are_recorded_where_the_driver_can_read_them(venv, tmp_path, driver):
    root = tmp_path / "project"
    root.mkdir()
    (root / "gen.py").write_text(textwrap.dedent(GEN))
    (root / "main.py").write_text(textwrap.dedent(GEN_MAIN))
    out = tmp_path / "traces"
    done = run(venv, root, trace_env(out, root, [], {"max_calls": 20, "driver": driver}))
    assert done.returncode == 0, done.stderr
    monitoring = driver == "auto" and venv.version >= (3, 12)
    if monitoring or venv.version <= (3, 12):
        assert sorted((r.result, r.items) for r in rows(out)) == [("[0, 2, 4]", 4), ("[0, 2]", 2)]
    else:
        [info] = [f.info for path in store.trace_files(str(out)) for f in store.read_funcs(path)]
        assert info["skip"].startswith("generator") and rows(out) == []
