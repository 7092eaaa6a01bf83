"""Dedup and decontamination: exact and near-duplicate tasks across sources, and tasks that overlap a
benchmark (HumanEval), removed with a reason and the item they match."""

from sftmine.dedup.contamination import Benchmark, Contamination
from sftmine.dedup.engine import CONTAMINATED, DUPLICATE_ID, EXACT, NEAR, Deduplicator, Removal, deduplicate
from sftmine.dedup.run import DedupResult, dedup_tasks, load_tasks, write_result
from sftmine.dedup.sources import source_name

__all__ = ["CONTAMINATED", "DUPLICATE_ID", "EXACT", "NEAR", "Benchmark", "Contamination", "DedupResult",
           "Deduplicator", "Removal", "dedup_tasks", "deduplicate", "load_tasks", "source_name", "write_result"]
