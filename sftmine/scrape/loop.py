"""One site's scrape: list what is new since the watermark, fetch and parse it (the fetch stage,
sftmine.scrape.stage), commit in batches.

A batch is committed by writing its shard (atomically) and then the state; a run killed in between
redoes that batch into the same shard file, so nothing is lost and nothing is written twice. Pages
already fetched come from the HTTP cache, so redoing a batch costs no requests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sftmine.records import ProblemRef
from sftmine.scrape.output import merge, shard_path
from sftmine.scrape.stage import FetchSettings, FetchStage
from sftmine.scrape.state import ScrapeState
from sftmine.sites.base import Site
from sftmine.stages import Drop, StageFiles, run_stage, scratch
from sftmine.store.funnel import Funnel
from sftmine.store.jsonl import write_json
from sftmine.store.run import RunLock

BATCH = 20


@dataclass
class ScrapeResult:
    site: str
    listed: int  # URLs the site listed after the watermark
    new: int  # of those, not scraped before
    funnel: Funnel
    watermark_before: str | None
    watermark: str | None
    raw_path: Path
    raw_count: int
    requests: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"site": self.site, "listed": self.listed, "new": self.new, **self.funnel.to_dict(),
                "watermark_before": self.watermark_before, "watermark": self.watermark,
                "raw": str(self.raw_path), "raw_problems": self.raw_count, "requests": self.requests}

    def message(self) -> str:
        requests = ", ".join(f"{k} {v}" for k, v in sorted(self.requests.items())) or "none"
        return (f"{self.site}: {self.new} new problem(s) of {self.listed} listed; {self.funnel.summary()}; "
                f"requests: {requests}; "
                f"watermark {self.watermark_before or 'none'} -> {self.watermark or 'none'}; "
                f"{self.raw_path} holds {self.raw_count} problem(s)")


def scrape(site: Site, client: Any, out: Path, since: str | None = None, limit: int | None = None,
           batch: int = BATCH, progress: bool = True) -> ScrapeResult:
    out, site_dir = Path(out), Path(out) / site.name
    with RunLock(out):
        state = ScrapeState.load(site_dir / "state.json", site.name)
        before = since if since is not None else state.watermark
        plan = _Plan.make(site, client, state, before, limit)
        funnel = Funnel()
        with scratch("fetch") as files, tqdm(total=len(plan.todo), desc=f"scrape {site.name}", unit="problem",
                                             file=sys.stderr, disable=None if progress else True) as bar:
            run = _Run(site, client, state, site_dir, funnel, set(plan.listed), files)
            for start in range(0, len(plan.todo), batch):
                last = start + batch >= len(plan.todo)
                run.commit(plan.todo[start:start + batch], complete=last and plan.covers_all, on_problem=bar.update)
        write_json(site_dir / "funnel.json", {"site": site.name, "listed": len(plan.listed), "new": len(plan.new),
                                              **funnel.to_dict()})
        raw_count = merge(out)
    return ScrapeResult(site.name, len(plan.listed), len(plan.new), funnel, before, state.watermark,
                        out / "raw.jsonl", raw_count, dict(client.stats))


@dataclass
class _Plan:
    listed: list[str]  # what the site lists after the watermark, oldest first
    new: list[str]  # of those, not done before
    todo: list[str]  # this run: earlier failures first, then the new ones, cut to --limit
    covers_all: bool  # finishing `todo` finishes everything listed: the watermark may pass it all

    @classmethod
    def make(cls, site: Site, client: Any, state: ScrapeState, since: str | None, limit: int | None) -> _Plan:
        # The part of a cut contest already done is listed again, so ask for that many more.
        more = None if limit is None else limit + len(state.partial)
        listed = list(site.problem_urls(client, since=since, limit=more))
        done = set(state.done)
        new = [u for u in listed if u not in done]
        todo = list(dict.fromkeys(list(state.failed) + new))[:limit]
        covers_all = (more is None or len(listed) < more) and set(new) <= set(todo)
        return cls(listed, new, todo, covers_all)


@dataclass
class _Run:
    site: Site
    client: Any
    state: ScrapeState
    site_dir: Path
    funnel: Funnel
    listed: set[str]
    files: StageFiles

    def commit(self, urls: list[str], complete: bool, on_problem: Callable[[int], Any]) -> None:
        """Fetch and parse `urls` through the fetch stage into the next shard, then record the state."""
        for url in urls:
            self.state.failed.pop(url, None)
        runtime = {"site": self.site, "client": self.client,
                   "shard": shard_path(self.site_dir, self.state.shards)}
        result = run_stage(FetchStage, FetchSettings(self.site.name),
                           [ProblemRef(self.site.name, u) for u in urls], self.files, runtime, progress=False,
                           on_outcome=lambda _: on_problem(1))
        self.funnel.merge(result.funnel)
        marks, marked = [], []
        for url, outcome in zip(urls, result.outcomes):
            if isinstance(outcome, Drop):
                self.state.failed[url] = outcome.record.error or outcome.reason
                continue
            mark = self.site.watermark(outcome.record)
            if url in self.listed and mark:
                marks.append(mark)
                marked.append(url)
        self.state.shards += 1
        self.state.done += [u for u in urls if u not in self.state.failed]
        self.state.advance(marks, complete, marked)
        self.state.save(self.site_dir / "state.json")
