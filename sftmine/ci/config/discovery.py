"""No CI config: find the tests, what they need, and run them with pytest or unittest.

unittest (offline, nothing to install) is kept for a project with no packaging metadata, no sign of
pytest, and its tests where `unittest discover` finds them (the root or a top-level tests folder);
anything else runs under pytest, which also collects unittest-style tests wherever they are. Test
dependencies come from requirement files named for tests or development, and from `test`/`tests`/
`testing`/`dev` extras declared in pyproject.toml or setup.cfg.
"""

from __future__ import annotations

import configparser
import glob
import os
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: tox's own dependency has the same parser
    import tomli as tomllib  # type: ignore[no-redef]

from sftmine.ci.config.plan import Plan, choose_python, has_packaging

TEST_DIRS = ("tests", "test", "testing")
PYTEST_SIGNS = ("conftest.py", "pytest.ini")
SKIP_DIRS = frozenset((".git", ".tox", ".nox", "venv", ".venv", "build", "dist", "node_modules", "__pycache__"))
TEST_EXTRAS = ("test", "tests", "testing", "dev")
REQUIREMENT_FILES = ("requirements.txt", "requirements-test*.txt", "requirements_test*.txt", "test-requirements*.txt",
                     "test_requirements*.txt", "requirements-dev*.txt", "dev-requirements*.txt",
                     "requirements/test*.txt", "requirements/dev*.txt", "tests/requirements*.txt")


def test_files(checkout: Path, limit: int = 500) -> list[Path]:
    found = []
    for root, dirs, files in os.walk(checkout):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")]
        for name in files:
            if name.endswith(".py") and (name.startswith("test_") or name.endswith("_test.py")):
                found.append(Path(root) / name)
                if len(found) >= limit:
                    return found
    return found


def uses_pytest(checkout: Path, files: list[Path]) -> bool:
    if any((checkout / name).is_file() for name in PYTEST_SIGNS):
        return True
    for name, marker in (("setup.cfg", "[tool:pytest]"), ("pyproject.toml", "[tool.pytest"), ("tox.ini", "[pytest]")):
        path = checkout / name
        if path.is_file() and marker in path.read_text(encoding="utf-8", errors="replace"):
            return True
    return any("pytest" in p.read_text(encoding="utf-8", errors="replace") for p in files[:50])


def discovery_plan(checkout: Path) -> Plan | None:
    files = test_files(checkout)
    if not files:
        return None
    interp, py_why = choose_python(["python3"])  # no config names a version: the newest here
    pip = [["-r", req] for req in requirement_files(checkout)]
    places = {p.parent.relative_to(checkout).as_posix() for p in files}
    plain = places <= {".", *TEST_DIRS} and len(places) == 1
    if plain and not has_packaging(checkout) and not uses_pytest(checkout, files):
        start = places.pop()
        tests, runner = [["python", "-m", "unittest", "discover", "-s", start]], "unittest"
    else:
        tests, runner = [["python", "-m", "pytest"]], "pytest"
        pip.append(["pytest"])
    return Plan(config="discovery", env=runner, python=interp.path, python_version=interp.dotted, tests=tests,
                pip=pip, install_project=has_packaging(checkout), project_required=False,
                extras=test_extras(checkout),
                reason=f"no CI config; {len(files)} test file(s) found, run with {runner}; {py_why}")


def requirement_files(checkout: Path) -> list[str]:
    found: list[str] = []
    for pattern in REQUIREMENT_FILES:
        found += sorted(os.path.relpath(p, checkout) for p in glob.glob(str(checkout / pattern)) if os.path.isfile(p))
    return list(dict.fromkeys(found))


def test_extras(checkout: Path) -> list[str]:
    """Extras the project declares for its tests (pyproject.toml or setup.cfg)."""
    declared: set[str] = set()
    try:
        pyproject = tomllib.loads((checkout / "pyproject.toml").read_text(encoding="utf-8"))
        declared |= set((pyproject.get("project") or {}).get("optional-dependencies") or {})
    except (OSError, tomllib.TOMLDecodeError, AttributeError):
        pass
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(checkout / "setup.cfg", encoding="utf-8")
        declared |= set(parser["options.extras_require"]) if parser.has_section("options.extras_require") else set()
    except configparser.Error:
        pass
    return [name for name in TEST_EXTRAS if name in declared]
