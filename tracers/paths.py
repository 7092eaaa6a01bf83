"""Which files are the project's own code: under the checkout, and not tests, tooling or installed packages.

Standard library only. Decided once per code object, so it may take its time.
"""

from __future__ import annotations

import os

# A path with one of these directory names is not the project's library code.
EXCLUDED_DIRS = frozenset(("tests", "test", "testing", "site-packages", "dist-packages", ".tox", ".nox",
                           ".eggs", "build", "docs", "doc", "examples", "benchmarks", ".git", "__pycache__"))
EXCLUDED_FILES = frozenset(("conftest.py", "setup.py", "noxfile.py", "toxfile.py", "fabfile.py"))


class Scope:
    def __init__(self, root: str, exclude=()) -> None:
        self.root = os.path.realpath(root).rstrip(os.sep) + os.sep
        self.exclude = tuple(os.path.realpath(p).rstrip(os.sep) + os.sep for p in exclude)

    def contains(self, filename: str) -> bool:
        path = os.path.realpath(filename) if filename else ""
        if not path.startswith(self.root) or path.startswith(self.exclude) or not path.endswith(".py"):
            return False
        parts = path[len(self.root):].split(os.sep)
        name = parts[-1]
        if name in EXCLUDED_FILES or name.startswith("test_") or name.endswith("_test.py"):
            return False
        return not EXCLUDED_DIRS.intersection(parts[:-1])
