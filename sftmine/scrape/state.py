"""What a site's scrape remembers between runs, kept in OUT/<site>/state.json (written atomically).

`watermark` is where the next listing starts. It only moves past a group of problems (a contest) once
every problem of that group is done, so a run cut short by --limit or a kill never skips the rest of a
contest; the done part of the cut group is in `partial`, and `done` stops any URL from being scraped
twice. `failed` maps URLs that could not be fetched or parsed to the reason; they are retried first.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sftmine.errors import InputFileError
from sftmine.store.jsonl import write_json


@dataclass
class ScrapeState:
    site: str
    watermark: str | None = None
    shards: int = 0
    done: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path, site: str) -> ScrapeState:
        if not path.is_file():
            return cls(site)
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (json.JSONDecodeError, TypeError) as exc:
            raise InputFileError(f"{path}: not a scrape state file ({exc}); move it away to start afresh") from None

    def save(self, path: Path) -> None:
        write_json(path, asdict(self))

    def advance(self, marks: list[str], complete: bool, urls: list[str]) -> None:
        """Move the watermark after this run's successful problems, given their marks in listing order.

        `urls[i]` has mark `marks[i]`. Complete: every listed problem is done, so the last mark is safe.
        Otherwise the last group may go on: the watermark stops at the mark before it.
        """
        if not marks:
            return
        last = marks[-1]
        if complete:
            self.watermark, self.partial = last, []
            return
        earlier = next((m for m in reversed(marks) if m != last), None)
        cut = [u for u, m in zip(urls, marks) if m == last]
        if earlier is None:
            self.partial = list(dict.fromkeys(self.partial + cut))
        else:
            self.watermark, self.partial = earlier, cut
