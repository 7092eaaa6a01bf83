"""What a refresh remembers between runs: per step, the digest of the inputs it last finished on.

A step whose inputs hash to the recorded digest, and whose outputs still exist, is skipped; the digest
is written only after the step's outputs are in place, so a killed step is simply run again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sftmine.records import stable_hash
from sftmine.store import write_json


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


def inputs_digest(files: list[Path], settings: Any) -> str:
    return stable_hash({"files": [file_digest(p) for p in files], "settings": settings})


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
