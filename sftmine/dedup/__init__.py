"""Dedup and decontamination: exact and near-duplicate tasks across sources, and tasks that overlap a
benchmark (HumanEval), removed with a reason and the item they match."""

from sftmine.dedup.contamination import Benchmark, Contamination
from sftmine.dedup.engine import CONTAMINATED, DUPLICATE_ID, EXACT, NEAR, Deduplicator, deduplicate
from sftmine.dedup.run import DedupResult, dedup_settings, dedup_tasks, load_tasks, write_dedup
from sftmine.dedup.sources import source_name
from sftmine.records import Removal

__all__ = ["CONTAMINATED", "DUPLICATE_ID", "EXACT", "NEAR", "Benchmark", "Contamination", "DedupResult",
           "Deduplicator", "Removal", "dedup_settings", "dedup_tasks", "deduplicate", "load_tasks", "source_name",
           "write_dedup"]
