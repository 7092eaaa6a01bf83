"""Exports of a snapshot: SFT prompt/completion JSONL, HumanEval-format JSONL, Parquet, Codex-D pairs."""

from sftmine.export import codexd, humaneval, sft  # noqa: F401 - each module registers its format
from sftmine.export.base import FORMATS, ExportResult, Format, Skip, export, get_format, register
from sftmine.export.targets import POLICIES, Target, targets

__all__ = ["FORMATS", "POLICIES", "ExportResult", "Format", "Skip", "Target", "export", "get_format", "register",
           "targets"]
