"""CI commands: which run tests, and how they are rewritten to run under the recorder."""

from __future__ import annotations

import pytest

from sftmine.ci.config.commands import normalize_test_command, plugin_options, pytest_args


@pytest.mark.parametrize("argv, expected", [
    (["pytest"], ["python", "-m", "pytest"]),
    (["py.test", "tests", "--cov=pkg", "--cov-report", "xml", "-n", "4"], ["python", "-m", "pytest", "tests"]),
    (["python", "-m", "pytest", "-x", "-n4", "--dist=loadfile"], ["python", "-m", "pytest", "-x"]),
    (["/x/.tox/py311/bin/python", "-W", "error", "-m", "unittest", "discover"], ["python", "-m", "unittest", "discover"]),
    (["coverage", "run", "--source", "pkg", "-m", "pytest", "tests"], ["python", "-m", "pytest", "tests"]),
    (["python", "-m", "coverage", "run", "-m", "unittest"], ["python", "-m", "unittest"]),
    (["python3.11", "setup.py", "test"], ["python", "-m", "pytest"]),
    (["python", "runtests.py", "-v"], ["python", "runtests.py", "-v"]),
    (["nosetests", "-v"], ["python", "-m", "nose", "-v"]),
])
def test_test_commands_are_normalized(argv, expected):
    assert normalize_test_command(argv) == (expected, "")


@pytest.mark.parametrize("argv, why", [
    (["flake8", "src"], "not a test command: flake8"),
    (["coverage", "report"], "coverage report does not run tests"),
    (["python", "-m", "mypy", "src"], "does not run a known test runner"),
    (["python", "-c", "print(1)"], "inline code"),
    (["python", "setup.py", "sdist"], "does not run tests"),
    ([], "empty command"),
])
def test_other_commands_say_why_not(argv, why):
    cmd, reason = normalize_test_command(argv)
    assert cmd is None and why in reason


def test_pytest_args_keep_everything_else():
    assert pytest_args(["-k", "fast", "--cov", "pkg", "--cov", "-x", "tests/"]) == ["-k", "fast", "-x", "tests/"]


def test_plugin_options_follow_what_is_installed(tmp_path):
    (tmp_path / "pytest_cov").mkdir()
    (tmp_path / "xdist").mkdir()
    (tmp_path / "pytest_randomly.py").write_text("")
    (tmp_path / "hypothesis").mkdir()
    assert plugin_options([str(tmp_path)]) == ["-p", "no:cacheprovider", "--no-cov", "-n", "0", "-p", "no:randomly",
                                               "--hypothesis-seed=0"]
    assert plugin_options([str(tmp_path / "none")]) == ["-p", "no:cacheprovider"]
