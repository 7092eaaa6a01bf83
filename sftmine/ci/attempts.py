"""A source's attempts: whether its last one stands, or the source is tried again on a later run.

Every attempt ends in one of three outcomes, kept in OUT/sources/SLUG/result.json:

    done     the project was traced (with or without tasks): it stands
    failed   a verdict about the project (no tests, it will not install, its tests fail): it stands, and
             its reason is shown; `--retry-failed` tries it again (after the project was fixed)
    retry    the attempt failed outside the project (a fetch error: unknown PyPI name, unreachable git
             URL, index outage; no sandbox; an internal error): tried again on a later run, with backoff

Backoff counts runs, not hours (a nightly job runs once a night): after the k-th consecutive `retry` the
source sits out 2**(k-1)-1 runs, at most 7, so an outage costs one night and a dead URL little.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sftmine.store import write_json

DONE, FAILED, RETRY = "done", "failed", "retry"
INFRASTRUCTURE = "infrastructure"  # record["failure"] of an attempt that failed outside the project
MAX_WAIT_RUNS = 7
HISTORY = 10  # attempts remembered per source


def load(work: Path) -> dict[str, Any] | None:
    path = work / "result.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None  # a torn or foreign file: the source is simply traced again


def outcome(record: dict[str, Any]) -> str:
    if record.get("failure") == INFRASTRUCTURE:
        return RETRY
    if record.get("stopped_at") == "sources_tried":  # written before failures were told apart: a fetch
        return RETRY
    return FAILED if record.get("stopped_at") else DONE


def wait_runs(failures: int) -> int:
    return min(2 ** (failures - 1) - 1, MAX_WAIT_RUNS) if failures > 0 else 0


def result_file(funnel: dict[str, Any], record: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """result.json for a finished attempt: its funnel and record, the outcome, the backoff and the history."""
    this = outcome(record)
    failures = (previous or {}).get("failures", 0) + 1 if this == RETRY else 0
    attempt = {"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "outcome": this,
               "stopped_at": record.get("stopped_at"), "reason": one_line(record.get("reason"))}
    history = [*(previous or {}).get("attempts", []), attempt][-HISTORY:]
    return {"funnel": funnel, "record": record, "outcome": this, "failures": failures,
            "wait_runs": wait_runs(failures), "attempts": history}


def due(work: Path, retry_failed: bool = False) -> bool:
    """Whether this run traces the source; a source sitting out its backoff counts the run down."""
    state = load(work)
    if state is None:
        return True
    this = state.get("outcome") or outcome(state.get("record") or {})
    if this == DONE:
        return False
    if retry_failed:
        return True
    if this == FAILED:
        return False
    if state.get("wait_runs", 0) <= 0:
        return True
    write_json(work / "result.json", {**state, "wait_runs": state["wait_runs"] - 1})
    return False


def one_line(reason: str | None, width: int = 240) -> str:
    """A reason as one line: its first line, and its last when it has more (pip's and git's verdicts)."""
    lines = [line.strip() for line in (reason or "").splitlines() if line.strip()]
    if not lines:
        return ""
    text = lines[0] if len(lines) == 1 else f"{lines[0]} ... {lines[-1]}"
    return text if len(text) <= width else text[:width - 3] + "..."


def failure_lines(summary: dict[str, Any]) -> list[str]:
    """One line per source whose last attempt failed (a trace summary's `failed`): what, why, what next."""
    lines = []
    for failure in summary["failed"]:
        spec, reason = failure["spec"], failure["reason"].removeprefix(f"{failure['spec']}: ")
        if failure["outcome"] == RETRY:
            wait = failure["wait_runs"]
            then = "tried again on the next run" if not wait else f"tried again after {wait} more run(s)"
            lines.append(f"retry: {spec}: {reason} ({then}; --retry-failed: now)")
        else:
            lines.append(f"failed: {spec}: {reason} (kept; --retry-failed tries it again)")
    return lines
