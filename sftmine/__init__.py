"""sftmine: mine supervised fine-tuning data for code models.

The public API is what `__all__` names; everything else may change between versions.
"""

from sftmine.errors import (
                            ConfigError,
                            InputFileError,
                            MissingDependencyError,
                            NetworkError,
                            ParseError,
                            RecordError,
                            SandboxError,
                            SftmineError,
                            StageLockedError,
)
from sftmine.judge import judge
from sftmine.passk import pass_at_k
from sftmine.records import Case, FilteredTask, Origin, Sample, Status, Style, Task, Verdict
from sftmine.sandbox import Execution, Limits, Outcome, Pool
from sftmine.verify import verify

__version__ = "0.1.0"

__all__ = [
    "Case", "ConfigError", "Execution", "FilteredTask", "InputFileError", "Limits", "MissingDependencyError",
    "NetworkError", "Origin", "Outcome", "ParseError", "Pool", "RecordError", "Sample", "SandboxError",
    "SftmineError", "StageLockedError", "Status", "Style", "Task", "Verdict", "__version__", "judge",
    "pass_at_k", "verify",
]
