"""`mine-competitive`: scrape every configured judge, then build tasks from what was scraped.

    result = mine_competitive(CompetitiveConfig.load(Path("pipelines/competitive.yaml")))
    result.tasks, result.funnel()

OUT holds `scrape/` (the `sftmine scrape --out` folder: raw.jsonl, per-site shards and watermarks),
`tasks.jsonl` with `tasks.funnel.json` (the `build-tasks` stage), `.cache/` (HTTP cache of live sites)
and `funnel.json` (this run: per-site scrape funnels, the tasks funnel, the digest of the raw problems the
tasks were built from). A rerun lists each site again, scrapes only what is past its watermark and
rebuilds the tasks only when the raw problems changed, so a run with nothing new rewrites nothing.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from sftmine.errors import ConfigError
from sftmine.net import Client, NetConfig
from sftmine.scrape.config import CompetitiveConfig, SiteConfig
from sftmine.scrape.loop import ScrapeResult, scrape
from sftmine.scrape.output import RAW
from sftmine.sites import get_site
from sftmine.store import Funnel, RunLock, write_json
from sftmine.tasks import build_tasks, funnel_path


@dataclass(frozen=True)
class MinePaths:
    out: Path

    @property
    def scrape(self) -> Path:
        return self.out / "scrape"

    @property
    def raw(self) -> Path:
        return self.scrape / RAW

    @property
    def tasks(self) -> Path:
        return self.out / "tasks.jsonl"

    @property
    def funnel(self) -> Path:
        return self.out / "funnel.json"

    @property
    def cache(self) -> Path:
        return self.out / ".cache" / "http.sqlite"


@dataclass
class MineResult:
    paths: MinePaths
    scrapes: list[ScrapeResult]
    tasks_funnel: Funnel
    built: bool  # False: the raw problems were what the tasks were last built from; nothing was rewritten
    raw_digest: str
    sources: dict[str, str]  # site -> "replay <folder>" or "live", for every site this OUT has seen

    @property
    def parsed(self) -> int:
        """Raw problems this run added (new, or earlier failures that now parse)."""
        return sum(s.funnel.kept for s in self.scrapes)

    def funnel(self) -> dict[str, Any]:
        return {"stage": "mine-competitive", "out": str(self.paths.out), "tasks_file": str(self.paths.tasks),
                "sites": {s.site: {**s.to_dict(), "source": self.sources[s.site]} for s in self.scrapes},
                "tasks": self.tasks_funnel.to_dict(), "built": self.built, "raw_sha256": self.raw_digest,
                "sources": self.sources}


def mine_competitive(config: CompetitiveConfig, out: Path | None = None, progress: bool = True) -> MineResult:
    """Scrape each configured site into OUT/scrape, then build OUT/tasks.jsonl if the raw problems changed."""
    paths = MinePaths(Path(out) if out is not None else config.out)
    with RunLock(paths.out):
        before = _previous(paths)
        sources = _sources(before.get("sources", {}), config, paths)
        steps = tqdm(total=len(config.sites) + 1, desc="mine-competitive", unit="step", file=sys.stderr,
                     disable=None if progress else True)
        with steps:
            scrapes = []
            for site in config.sites:
                steps.set_postfix_str(site.name)
                scrapes.append(_scrape(site, config, paths, progress))
                steps.update()
            steps.set_postfix_str("build-tasks")
            funnel, built, digest = _build(paths, before.get("raw_sha256"), progress)
            steps.update()
        result = MineResult(paths, scrapes, funnel, built, digest, sources)
        write_json(paths.funnel, result.funnel())  # last: a run killed before this rebuilds the tasks
    return result


def _scrape(site: SiteConfig, config: CompetitiveConfig, paths: MinePaths, progress: bool) -> ScrapeResult:
    if site.replay is not None:
        net = NetConfig(mode="replay", recordings=site.replay)
    else:
        net = NetConfig(**{**config.net, "mode": "live", "cache": paths.cache})
    with Client(net) as client:
        return scrape(get_site(site.name), client, paths.scrape, since=site.since, limit=site.limit,
                      progress=progress)


def _build(paths: MinePaths, built_from: str | None, progress: bool) -> tuple[Funnel, bool, str]:
    """build-tasks, unless the tasks on disk were built from these very raw problems: (funnel, built, digest)."""
    digest = _digest(paths.raw)
    if digest == built_from and paths.tasks.is_file() and funnel_path(paths.tasks).is_file():
        return Funnel.from_dict(json.loads(funnel_path(paths.tasks).read_text(encoding="utf-8"))), False, digest
    return build_tasks(paths.scrape, paths.tasks, progress=progress), True, digest


def _sources(before: dict[str, str], config: CompetitiveConfig, paths: MinePaths) -> dict[str, str]:
    """Where each site is scraped from. Watermarks of a replayed session mean nothing to the live site
    (and back), so a site never changes source within one OUT."""
    now = {s.name: f"replay {s.replay}" if s.replay is not None else "live" for s in config.sites}
    for name, source in now.items():
        if before.get(name, source) != source:
            raise ConfigError(f"sites.{name}: {paths.scrape / name} was scraped from {before[name]}, now from "
                              f"{source}; use another --out (or delete {paths.scrape / name}) to start that site afresh")
    return {**before, **now}


def _previous(paths: MinePaths) -> dict[str, Any]:
    try:
        return json.loads(paths.funnel.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}  # first run, or a file from a run that died: everything is redone from the stage files


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
