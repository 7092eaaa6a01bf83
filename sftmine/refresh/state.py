"""What a refresh carries from step to step and remembers between runs.

Per step, the state is the digest it last finished on: its stage's digest (the one the runner keys its
caches by, see sftmine.stages) and its input files'. A step whose digest is unchanged, and whose outputs
still exist, is skipped; the digest is written only after the step's outputs are in place, so a killed
step is simply run again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sftmine.records import stable_hash
from sftmine.store import write_json

if TYPE_CHECKING:
    from sftmine.refresh.config import RefreshConfig


@dataclass
class StepResult:
    name: str
    ran: bool  # False: nothing new, no work done
    message: str
    outputs: list[Path] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"step": self.name, "ran": self.ran, "message": self.message, "counts": self.counts,
                "outputs": [str(p) for p in self.outputs]}


def file_digest(path: Path) -> str | None:
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inputs_digest(files: list[Path], stage_digest: str) -> str:
    return stable_hash({"files": [file_digest(p) for p in files], "stage": stage_digest})


class StepState:
    def __init__(self, out: Path) -> None:
        self.dir = out / "state"

    def unchanged(self, step: str, digest: str, outputs: list[Path]) -> bool:
        path = self.dir / f"{step}.json"
        if not path.is_file() or not all(p.exists() for p in outputs):
            return False
        return json.loads(path.read_text(encoding="utf-8")).get("inputs") == digest

    def record(self, step: str, digest: str) -> None:
        write_json(self.dir / f"{step}.json", {"inputs": digest})


@dataclass
class Run:
    """One refresh in progress: its config and folder, and what earlier steps handed on."""

    config: RefreshConfig
    out: Path
    progress: bool
    state: StepState
    task_files: list[Path] = field(default_factory=list)  # the source steps' outputs
    tasks: Path | None = None  # the task file the next task step reads: dedup's, then each task stage's
    snapshot: Path | None = None
    published: Path | None = None  # the folder of the snapshot's exports and report
