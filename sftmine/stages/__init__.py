"""The stage contract and its one runner: a stage says what it does to a shard; the runner does the rest."""

from sftmine.stages.base import Drop, Keep, Outcome, Stage
from sftmine.stages.layout import StageFiles, scratch
from sftmine.stages.runner import StageResult, run_stage

__all__ = ["Drop", "Keep", "Outcome", "Stage", "StageFiles", "StageResult", "run_stage", "scratch"]
