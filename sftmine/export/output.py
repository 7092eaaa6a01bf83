"""Where an export goes: a local path or an fsspec URL (file://, memory://, s3://, ...), written whole.

The file is written under a temporary name beside the target and moved into place when complete, so a
killed export leaves no half file under the real name.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

import fsspec

from sftmine.errors import ConfigError


@contextmanager
def open_output(url: str, binary: bool = False) -> Iterator[IO[Any]]:
    try:
        fs, path = fsspec.core.url_to_fs(url)
    except (ValueError, ImportError) as exc:
        raise ConfigError(f"--out {url}: cannot open this location ({exc})") from None
    parent = fs._parent(path)
    if parent:
        fs.makedirs(parent, exist_ok=True)
    tmp = f"{path}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        with fs.open(tmp, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            yield fh
        fs.mv(tmp, path)
    finally:
        if fs.exists(tmp):
            fs.rm(tmp)
