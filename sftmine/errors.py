"""The one exception tree of sftmine.

Every error a user can cause ends up as one of these; the CLI prints `error: <message>` and exits 1.
Messages name the thing that is wrong and, where there is one, the fix.

    SftmineError
    ├── RecordError, InputFileError, ConfigError, MissingDependencyError, SandboxError, NetworkError
    ├── ParseError            a page misses an element (site, url, missing)
    ├── StageLockedError      another run holds the output folder
    ├── TraceError            a traced project cannot be used; the message is a countable reason
    │   ├── NoTests, EnvError
    │   └── StepFailed        an install or test step failed (`reason`)
    ├── Unsynthesizable       one traced function cannot become a task (a countable reason)
    ├── GenerationError       one task cannot be sampled; the run goes on without it
    └── ExecutorError         a shard failed on the cluster after every retry

The in-sandbox wire format raises its own `Unencodable` (a TypeError): that module runs inside the
sandbox on the standard library alone, so it cannot import this one, and the error never leaves it.
"""

from __future__ import annotations


class SftmineError(Exception):
    """Base of every error sftmine raises on purpose."""


class RecordError(SftmineError):
    """A record (task, sample, verdict) is malformed."""


class InputFileError(SftmineError):
    """An input file is missing or cannot be read as the expected format."""


class ConfigError(SftmineError):
    """A pipeline config or command-line option is wrong."""


class MissingDependencyError(SftmineError):
    """An optional extra is not installed; the message names the install command."""


class SandboxError(SftmineError):
    """A sandbox backend cannot run (not installed, not permitted, broken)."""


class NetworkError(SftmineError):
    """An HTTP request failed after retries, or was not recorded in replay mode."""


class ParseError(SftmineError):
    """A page or API response does not have the expected structure."""

    def __init__(self, site: str, url: str, missing: str) -> None:
        super().__init__(f"{site}: cannot parse {url}: missing {missing}")
        self.site, self.url, self.missing = site, url, missing


class StageLockedError(SftmineError):
    """Another run holds the lock on this output directory."""


class TraceError(SftmineError):
    """A CI project cannot be traced; the message is a short reason for the funnel."""


class NoTests(TraceError):
    """The project has no test command that can be traced."""


class EnvError(TraceError):
    """The project's environment could not be built."""


class IndexUnreachable(EnvError):
    """An install failed because the package index did not answer: an outage, not a verdict on the project."""


class StepFailed(TraceError):
    """A step of the traced run (fetch, install, tests) failed; `reason` is its funnel key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Unsynthesizable(SftmineError):
    """A function that cannot become a task; the message is a short, countable reason."""


class GenerationError(SftmineError):
    """One task cannot be sampled (its prompt does not fit the context); the run goes on without it."""


class ExecutorError(SftmineError):
    """A shard could not be run on the cluster after every retry."""


def require(module: str, extra: str):
    """Import an optional dependency or raise with the exact install command."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{module} is not installed; run: pip install 'sftmine[{extra}]'"
        ) from None
