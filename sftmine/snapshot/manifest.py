"""The manifest: what a snapshot holds, where it came from, and a content hash of it.

The content hash covers every manifest field (among them `files`: the data files' sha256) except
`changelog_files` and itself; it holds no time, so two snapshots of the same inputs hash alike. The
changelog depends on which snapshot came before, so its files are hashed in `changelog_files`, apart.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sftmine import __version__
from sftmine.dedup.sources import count_by_source, source_name
from sftmine.passk import mean_pass_at_k
from sftmine.records import FilteredTask, stable_hash
from sftmine.snapshot.inputs import SnapshotInputs
from sftmine.snapshot.layout import FORMAT
from sftmine.store import Funnel
from sftmine.testgen.summary import mutation_counts

KS = (1, 10, 100)


def file_entry(path: Path, records: int | None = None) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    entry: dict[str, Any] = {"sha256": digest.hexdigest(), "bytes": path.stat().st_size}
    return entry if records is None else {**entry, "records": records}


def filter_funnels(tasks: list[FilteredTask]) -> tuple[Funnel, dict[str, Funnel]]:
    return count_by_source((source_name(r.task), None if r.kept else r.drop_reason or "unknown") for r in tasks)


def counts(inputs: SnapshotInputs) -> dict[str, Any]:
    total, by_source = filter_funnels(inputs.kept + inputs.dropped)
    dedup = inputs.dedup or {}
    dedup_by_source = dedup.get("by_source", {})
    sources = sorted(set(by_source) | set(dedup_by_source))
    stages = {"filter": total.to_dict()}
    if inputs.dedup is not None:
        stages = {"dedup": {k: dedup[k] for k in ("seen", "kept", "dropped") if k in dedup}, **stages}
    return {
        "stages": stages,
        "by_source": {s: {**({"dedup": dedup_by_source[s]} if s in dedup_by_source else {}),
                          "filter": by_source.get(s, Funnel()).to_dict()} for s in sources},
        "samples": sum(r.n for r in inputs.kept + inputs.dropped),
        "targets": sum(len(r.passing) for r in inputs.kept),
        "tests": tests_by_source(inputs.kept + inputs.dropped, inputs.caught),
    }


def tests_by_source(tasks: list[FilteredTask], caught: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Per source: judged tasks, their test cases per origin, tasks whose tests are `weak` (no way to
    label generated inputs), samples that passed the original tests but failed generated ones, and the
    mutation score of the tasks whose reference was mutated (`tests.mutants` in a refresh)."""
    out: dict[str, dict[str, Any]] = {}
    by_source: dict[str, list] = {}
    for r in tasks:
        by_source.setdefault(source_name(r.task), []).append(r.task)
        entry = out.setdefault(source_name(r.task), {"tasks": 0, "cases": {}, "weak": 0, "false_positives_caught": 0})
        entry["tasks"] += 1
        entry["weak"] += bool(r.task.meta.get("tests", {}).get("weak"))
        entry["false_positives_caught"] += caught.get(r.task.task_id, 0)
        for case in r.task.tests:
            entry["cases"][case.origin] = entry["cases"].get(case.origin, 0) + 1
    return {s: {**e, "cases": dict(sorted(e["cases"].items())),
                **({"mutation": m} if (m := mutation_counts(by_source[s])) else {})}
            for s, e in sorted(out.items())}


def mean_pass_at(tasks: list[FilteredTask]) -> dict[str, float | None]:
    pairs = [(r.n, r.c) for r in tasks if r.n > 0]
    return {f"pass@{k}": _round(mean_pass_at_k(pairs, k)) for k in KS}


def build(inputs: SnapshotInputs, data_files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The manifest without its changelog files; `content_hash` is set over everything else."""
    c = counts(inputs)
    manifest = {
        "format": FORMAT,
        "sftmine_version": __version__,
        "tasks": {"kept": len(inputs.kept), "dropped": len(inputs.dropped), "removed": len(inputs.removed)},
        "counts": c,
        "drop_reasons": {stage: funnel.get("dropped", {}) for stage, funnel in c["stages"].items()},
        "pass_at": mean_pass_at(inputs.kept + inputs.dropped),
        "model": inputs.model,
        "config": inputs.config,
        "files": dict(sorted(data_files.items())),
    }
    return {**manifest, "content_hash": stable_hash(manifest)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)
