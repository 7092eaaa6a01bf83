"""A snapshot against the one before it: tasks added, removed, and changed (same id, new fingerprint),
plus kept tasks whose training targets (passing samples) changed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from sftmine.records import FilteredTask
from sftmine.snapshot.layout import Snapshot

SHOWN = 200  # entries per list in CHANGELOG.md; changelog.json has them all


def targets_hash(task: FilteredTask) -> str:
    return hashlib.sha256("\x1e".join(sorted(s.code for s in task.passing)).encode()).hexdigest()[:16]


def index(tasks: Iterable[FilteredTask]) -> dict[str, tuple[str, str]]:
    """task id -> (fingerprint, targets hash)."""
    return {t.task.task_id: (t.task.fingerprint or "", targets_hash(t)) for t in tasks}


def diff(new: dict[str, tuple[str, str]], previous: Snapshot | None) -> dict[str, Any]:
    old = index(previous.kept()) if previous is not None else {}
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    both = sorted(set(new) & set(old))
    changed = [i for i in both if new[i][0] != old[i][0]]
    retargeted = [i for i in both if new[i][0] == old[i][0] and new[i][1] != old[i][1]]
    return {
        "previous": previous.name if previous else None,
        "previous_content_hash": previous.manifest.get("content_hash") if previous else None,
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed),
                   "targets_changed": len(retargeted), "unchanged": len(both) - len(changed) - len(retargeted)},
        "added": [{"task_id": i, "fingerprint": new[i][0]} for i in added],
        "removed": [{"task_id": i, "fingerprint": old[i][0]} for i in removed],
        "changed": [{"task_id": i, "old_fingerprint": old[i][0], "fingerprint": new[i][0]} for i in changed],
        "targets_changed": [{"task_id": i, "fingerprint": new[i][0]} for i in retargeted],
    }


def markdown(name: str, log: dict[str, Any]) -> str:
    c = log["counts"]
    against = f"against `{log['previous']}`" if log["previous"] else "(first snapshot: every task is new)"
    lines = [f"# Changelog of snapshot `{name}`", "", f"Compared {against}.", "",
             f"- added: {c['added']}", f"- removed: {c['removed']}", f"- changed (new fingerprint): {c['changed']}",
             f"- targets changed (same task, other passing samples): {c['targets_changed']}",
             f"- unchanged: {c['unchanged']}"]
    for key, title in (("added", "Added"), ("removed", "Removed"), ("changed", "Changed"),
                       ("targets_changed", "Targets changed")):
        lines += _section(title, log[key])
    return "\n".join(lines) + "\n"


def _section(title: str, entries: list[dict[str, str]]) -> list[str]:
    if not entries:
        return []
    out = ["", f"## {title}", ""]
    out += [f"- `{e['task_id']}` ({e['fingerprint'][:12]})" for e in entries[:SHOWN]]
    if len(entries) > SHOWN:
        out.append(f"- ... and {len(entries) - SHOWN} more (see changelog.json)")
    return out
