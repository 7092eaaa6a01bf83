"""The nightly refresh: all stages, incremental, resumable, ending in an immutable snapshot."""

from sftmine.refresh.config import RefreshConfig
from sftmine.refresh.run import RefreshResult, refresh

__all__ = ["RefreshConfig", "RefreshResult", "refresh"]
