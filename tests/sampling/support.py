"""Shared by the sampling, filter and CLI tests: the fixture tasks and the embedded model, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from sftmine.records import Task
from sftmine.store import read_records

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sampling"
EASY_TASKS = FIXTURES / "easy_tasks.jsonl"
SOLVABLE = ("easy/add", "easy/is_even", "easy/reverse", "easy/square")
UNSOLVABLE = "easy/mystery"  # the answers are arbitrary numbers: no model can guess them


def easy_tasks() -> list[Task]:
    return list(read_records(EASY_TASKS, Task))


@pytest.fixture(scope="session")
def embedded():
    """The embedded SmolLM2 model through the llama-cpp backend, loaded once per session."""
    from sftmine.sampling.llamacpp import LlamaCppBackend

    with LlamaCppBackend(n_ctx=2048) as backend:
        yield backend
