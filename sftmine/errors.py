"""The one exception tree of sftmine.

Every error a user can cause ends up as one of these; the CLI prints `error: <message>` and exits 1.
Messages name the thing that is wrong and, where there is one, the fix.
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


def require(module: str, extra: str):
    """Import an optional dependency or raise with the exact install command."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependencyError(
            f"{module} is not installed; run: pip install 'sftmine[{extra}]'"
        ) from None
