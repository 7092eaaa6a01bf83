"""The funnel of a `mine-competitive` run as a few lines of text: per site, then the tasks built."""

from __future__ import annotations

from collections.abc import Mapping

from sftmine.scrape.pipeline import MineResult
from sftmine.store import Funnel

_ROW = "{:<12} {:>5} {:>8} {:>7}  {:<32} {}"


def summary(result: MineResult) -> str:
    """Per site: new, fetched, parsed, dropped by reason, requests by source; then the tasks' funnel."""
    lines = [_ROW.format("site", "new", "fetched", "parsed", "dropped", "requests")]
    for s in result.scrapes:
        lines.append(_ROW.format(s.site, s.new, s.funnel.seen, s.funnel.kept, _dropped(s.funnel),
                                 _reasons(s.requests) or "none"))
    tasks = result.tasks_funnel
    lines.append(f"tasks: {tasks.seen} raw problem(s) -> {tasks.kept} task(s); dropped {_dropped(tasks)}")
    if result.built:
        lines.append(f"wrote {result.paths.tasks}; funnel in {result.paths.funnel}")
    else:
        lines.append(f"nothing new on {len(result.scrapes)} site(s): {result.paths.tasks} is up to date "
                     f"with the raw problems, not rebuilt")
    return "\n".join(lines)


def _dropped(funnel: Funnel) -> str:
    count = funnel.seen - funnel.kept
    return f"{count} ({_reasons(funnel.dropped)})" if count else "0"


def _reasons(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
