"""Fetching as a stage: each listed problem's URL in, its parsed raw problem out, or the reason it could
not be had (an HTTP status, robots.txt, a parse error), the message kept for the retry.

The scrape loop (sftmine.scrape.loop) runs it once per committed batch, always in this process: a site's
polite client (its rate limit, robots.txt, the HTTP cache) is one per host and is not split across
workers. The stage keeps no outcome cache; the HTTP cache makes a redone batch cost no requests, and the
scrape state says what is done. Runtime: `site` and `client`, and `shard`, the file its problems go to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from sftmine.errors import NetworkError, ParseError
from sftmine.records import ProblemRef, RawProblem
from sftmine.stages import Drop, Keep, Outcome, Stage, StageFiles, StageResult
from sftmine.store.jsonl import write_jsonl


@dataclass(frozen=True)
class FetchSettings:
    site: str


class FetchStage(Stage[ProblemRef]):
    name = "fetch"
    version = "fetch/1"
    record = ProblemRef
    output = RawProblem
    dropped = ProblemRef
    shard_size = 1  # one request at a time anyway; progress moves per problem
    unit = "problem"
    cache_outcomes = False

    def process(self, shard: list[ProblemRef]) -> Iterator[Outcome]:
        site, client = self.runtime["site"], self.runtime["client"]
        for ref in shard:
            try:
                problem = site.parse(ref.url, site.fetch(client, ref.url))
            except (NetworkError, ParseError) as exc:
                yield Drop(replace(ref, error=str(exc)), _reason(exc))
                continue
            reply = client.last_reply
            problem.fetched_at = problem.fetched_at or (reply.fetched_at if reply is not None else None)
            yield Keep(problem, {f"flag:{flag}": 1 for flag, value in sorted(problem.flags.items()) if value})

    def write(self, result: StageResult, files: StageFiles) -> Any:
        return write_jsonl(self.runtime["shard"], result.records)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ParseError):
        return "parse_error"
    text = str(exc)
    status = re.search(r"HTTP (\d{3})", text)
    if "robots.txt" in text:
        return "robots_disallowed"
    if "not in the recording" in text:
        return "not_recorded"
    return f"http_{status.group(1)}" if status else "network_error"
