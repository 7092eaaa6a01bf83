"""Which CI commands run tests, rewritten to run under the project's virtualenv python with the recorder.

A test command comes back as `["python", ...]` (the first word is replaced by the venv's interpreter
when it runs). pytest and unittest run as modules; `coverage run` loses its wrapper (coverage's tracer
would fight the recorder and cost time); pytest options that start coverage or xdist workers are
dropped, since recording needs the tests in one process tree under our profile hook.
"""

from __future__ import annotations

import os
import re

PYTHON = re.compile(r"^(python|pypy)(\d(\.\d+)?)?$")
TEST_MODULES = ("pytest", "py.test", "unittest", "doctest", "nose", "nose2", "twisted.trial")
# pytest options dropped, with how many values each takes ("?" = an optional value not starting with -).
PYTEST_DROPPED = {"--cov": "?", "--cov-report": 1, "--cov-config": 1, "--cov-fail-under": 1, "--cov-append": 0,
                  "--cov-branch": 0, "--no-cov-on-fail": 0, "--cov-context": 1, "-n": 1, "--numprocesses": 1,
                  "--dist": 1, "--maxprocesses": 1, "--forked": 0, "--boxed": 0, "--looponfail": 0, "-f": 0,
                  "--tx": 1}
# Interpreter options that take a value.
PY_VALUE_OPTIONS = ("-W", "-X", "-c", "-Q")


def normalize_test_command(argv: list[str]) -> tuple[list[str] | None, str]:
    """(`["python", ...]`, "") for a command that runs tests, else (None, why not)."""
    if not argv:
        return None, "empty command"
    prog, args = os.path.basename(argv[0]), list(argv[1:])
    if prog in ("pytest", "py.test"):
        return ["python", "-m", "pytest", *pytest_args(args)], ""
    if prog in ("nosetests", "nose2", "trial"):
        module = {"nosetests": "nose", "nose2": "nose2", "trial": "twisted.trial"}[prog]
        return ["python", "-m", module, *args], ""
    if prog == "coverage":
        return _coverage(args)
    if PYTHON.match(prog):
        return _python(args)
    return None, f"not a test command: {prog}"


def _coverage(args: list[str]) -> tuple[list[str] | None, str]:
    if not args or args[0] != "run":
        return None, f"coverage {args[0] if args else ''} does not run tests".rstrip()
    rest = args[1:]
    while rest and rest[0].startswith("-") and rest[0] != "-m":
        flag = rest.pop(0)
        if "=" not in flag and flag in ("--rcfile", "--source", "--include", "--omit", "--context", "--data-file") \
                and rest:
            rest.pop(0)
    return _python(rest)


def _python(args: list[str]) -> tuple[list[str] | None, str]:
    opts: list[str] = []
    while args and args[0].startswith("-") and args[0] != "-m":
        flag = args.pop(0)
        if flag in PY_VALUE_OPTIONS and args:
            if flag == "-c":
                return None, "python -c runs inline code, not a test suite"
            args.pop(0)
        opts.append(flag)
    if len(args) >= 2 and args[0] == "-m":
        module, rest = args[1], args[2:]
        if module in ("pytest", "py.test"):
            return ["python", "-m", "pytest", *pytest_args(rest)], ""
        if module == "coverage":
            return _coverage(rest)
        if module in TEST_MODULES:
            return ["python", "-m", module, *rest], ""
        return None, f"python -m {module} does not run a known test runner"
    if args and args[0] == "setup.py" and "test" in args[1:]:
        return ["python", "-m", "pytest"], ""  # setup.py test is gone from setuptools; pytest collects the same
    if args and args[0].endswith(".py") and "test" in os.path.basename(args[0]).lower():
        return ["python", *args], ""
    return None, f"python {' '.join(args[:2])} does not run tests".rstrip()


def pytest_args(args: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(args):
        arg = args[i]
        name = arg.split("=", 1)[0]
        if name not in PYTEST_DROPPED and not (arg.startswith("-n") and arg[2:].isdigit()):
            out.append(arg)
        elif "=" not in arg:
            takes = PYTEST_DROPPED.get(name, 0)
            if takes == 1 or (takes == "?" and i + 1 < len(args) and not args[i + 1].startswith("-")):
                i += 1
        i += 1
    return out


def plugin_options(site_packages: list[str]) -> list[str]:
    """PYTEST_ADDOPTS for plugins installed in the venv: coverage off, xdist in-process, no reordering, and
    Hypothesis seeded, so that a property test traces the same calls in every run (else each trace of the
    project records other random inputs, and its tasks' tests and fingerprints change from run to run)."""
    names = set()
    for site in site_packages:
        try:
            names.update(os.listdir(site))
        except OSError:
            continue
    opts = ["-p", "no:cacheprovider"]
    if "pytest_cov" in names:
        opts.append("--no-cov")
    if "xdist" in names:
        opts += ["-n", "0"]  # -p no:xdist would break an addopts that says -n auto
    if "pytest_randomly" in names or "pytest_randomly.py" in names:
        opts += ["-p", "no:randomly"]
    if "hypothesis" in names:
        opts.append("--hypothesis-seed=0")
    return opts
