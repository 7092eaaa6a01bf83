"""Wrong input is never reported as success.

An input that holds nothing (an empty task file) is an error before any work; an input that holds
records none of which survive (a HumanEval file given to `import apps`) is a warning naming the likely
mistake, so "wrote 0 tasks" never passes for a result.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from sftmine.errors import InputFileError

T = TypeVar("T")
_END = object()


def not_empty(items: Iterable[T], path: Path | str, what: str, fix: str) -> Iterator[T]:
    """`items`, lazily; raise at once, before anything is written, when there is not even one."""
    iterator = iter(items)
    first: Any = next(iterator, _END)
    if first is _END:
        raise InputFileError(f"{path}: holds no {what} (an empty file?); {fix}")
    return itertools.chain([first], iterator)


def require_tasks(tasks: list[T], path: Path | str) -> list[T]:
    if not tasks:
        raise InputFileError(f"{path}: holds no tasks (an empty file?); make one with `sftmine import ...` "
                             "or `sftmine build-tasks`")
    return tasks


def warn_if_none_kept(kept: int, seen: int, what: str, hint: str) -> None:
    """One warning line when a non-empty input gave nothing."""
    if kept == 0 and seen > 0:
        click.echo(f"warning: none of the {seen} {what} gave a result; {hint}", err=True)
