"""A plan: how one project's tests are installed and run, chosen from its CI config, and why.

Every reader (tox, travis, discovery) produces a `Plan`; the plan is written beside the traces so a
person can see which environment was chosen, which interpreter it maps to, and why the others were not.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sftmine.ci.config.commands import normalize_test_command
from sftmine.ci.env import interpreters

# Environment names (or factors of them) that check style, types or docs, or package, but run no tests.
NOT_TESTS = frozenset((
    "lint", "linters", "flake8", "pylint", "pyflakes", "pycodestyle", "pep8", "mypy", "pyright", "pytype",
    "type", "types", "typing", "typecheck", "black", "isort", "ruff", "style", "format", "fmt", "docs", "doc",
    "docstrings", "docs-linkcheck", "linkcheck", "spell", "codespell", "readme", "manifest", "check-manifest",
    "pre-commit", "precommit", "coverage", "cov", "report", "clean", "build", "release", "dist", "publish",
    "upload", "prepare-dist", "bandit", "safety", "audit", "bench", "benchmark", "benchmarks", "changelog",
    "man", "dev", "devenv", "checks", "check", "qa", "security", "towncrier", "pkg", "packaging", "twine",
    "bump", "version", "sphinx", "mkdocs", "notebooks", "examples",
))


@dataclass
class Plan:
    config: str  # tox, travis or discovery
    python: str
    python_version: str
    tests: list[list[str]]  # each ["python", ...], run with the venv's interpreter
    env: str | None = None  # the chosen tox env or travis job
    pip: list[list[str]] = field(default_factory=list)  # each: the arguments of one `pip install`
    install_project: bool = True  # editable install of the checkout
    project_required: bool = True  # a failed project install fails the environment
    extras: list[str] = field(default_factory=list)
    cwd: str = "."  # relative to the checkout
    env_vars: dict[str, str] = field(default_factory=dict)
    reason: str = ""
    skipped: dict[str, str] = field(default_factory=dict)
    tox_env_dir: str | None = None  # tox's own env folder, as its substitutions spelled it; ours replaces it

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def not_a_test_env(name: str) -> str | None:
    factors = set(re.split(r"[-_.]", name.lower())) | {name.lower()}
    hit = sorted(factors & NOT_TESTS)
    return f"not a test environment ({hit[0]})" if hit else None


def select_test_commands(commands: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """The test commands among `commands`, and why each other one was left out."""
    tests, others = [], []
    for argv in commands:
        cmd, why = normalize_test_command(argv)
        if cmd is not None:
            tests.append(cmd)
        else:
            others.append(why)
    return tests, others


def has_packaging(checkout: Path) -> bool:
    return any((checkout / name).is_file() for name in ("pyproject.toml", "setup.py", "setup.cfg"))


def choose_python(specs: list[str]) -> tuple[interpreters.Interpreter, str]:
    """The interpreter for `specs`, or the newest one here with the reason it was a fallback."""
    interp, why = interpreters.pick(specs)
    if interp is not None:
        return interp, why
    fallback = interpreters.newest()
    return fallback, f"{why}; using python {fallback.dotted} at {fallback.path}"
