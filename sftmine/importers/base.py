"""The importer registry: a format name (as in a refresh config's `imports:`) to the function that reads it.

An importer reads a file or folder into task records, or into raw problems that `tasks.build_all` turns
into tasks (`raw=True`). Each importer module registers itself, the same way a third party would:

    IMPORTERS.register("apps")(Importer(import_apps, raw=True))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sftmine.registry import Registry


@dataclass(frozen=True)
class Importer:
    read: Callable[..., Iterable[Any]]  # (path) -> tasks, or raw problems when `raw`
    raw: bool = False
    needs_path: bool = True  # False: the data ships with a package (HumanEval)


IMPORTERS: Registry[Importer] = Registry("import format", [
    "sftmine.importers.apps", "sftmine.importers.codecontests", "sftmine.importers.humaneval",
    "sftmine.importers.taco"])


def import_tasks(path: Path) -> list[Any]:
    """A file of task records as they are (`sftmine` output, or one's own task files)."""
    from sftmine.records import Task
    from sftmine.store import read_records

    return list(read_records(path, Task))


IMPORTERS.register("tasks")(Importer(import_tasks))
