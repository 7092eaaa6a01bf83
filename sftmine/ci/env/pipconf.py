"""The user's pip configuration, carried into the sandbox so installs there behave as pip does here.

Three parts: the `PIP_*` environment variables (passed through as they are); the values from pip's
configuration files (as `pip config list` merges them), written to one generated file that
`PIP_CONFIG_FILE` names; and every local file or directory those values name (a find-links folder, a
`file://` index with the folder around it, a certificate), bound into the sandbox read-only at the
same path.
"""

from __future__ import annotations

import ast
import configparser
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sftmine.sandbox import Mount


@dataclass
class PipSetup:
    env: dict[str, str] = field(default_factory=dict)
    mounts: list[Mount] = field(default_factory=list)


def pip_setup(work: Path) -> PipSetup:
    env = {k: v for k, v in os.environ.items() if k.startswith("PIP_") and k != "PIP_CONFIG_FILE"}
    values = config_values()
    mounts = local_paths([*env.values(), *values.values()])
    if values:
        path = work / "pip.conf"
        write_config(path, values)
        env["PIP_CONFIG_FILE"] = str(path)
        mounts.append(Mount(str(path), str(path)))
    return PipSetup(env, mounts)


def config_values() -> dict[str, str]:
    """`section.key -> value` from pip's configuration files (not from the environment)."""
    try:
        out = subprocess.run([sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True,
                             timeout=60, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return {}
    values = {}
    for line in out.splitlines():
        key, sep, raw = line.partition("=")
        if not sep or key.startswith(":env:"):
            continue
        try:
            values[key] = str(ast.literal_eval(raw))
        except (ValueError, SyntaxError):
            values[key] = raw
    return values


def write_config(path: Path, values: dict[str, str]) -> None:
    parser = configparser.ConfigParser(interpolation=None)
    for key, value in values.items():
        section, _, option = key.partition(".")
        if not parser.has_section(section):
            parser.add_section(section)
        parser.set(section, option, value.replace("\n", " "))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        parser.write(fh)


def local_paths(values: list[str]) -> list[Mount]:
    """Read-only mounts for the existing local paths (plain or file:// URLs) named in config values."""
    seen: dict[str, Mount] = {}
    for value in values:
        for token in value.split():
            path = token.removeprefix("file://")
            if not path.startswith("/"):
                continue
            if token.startswith("file://"):
                # A local index's pages link to files beside it (root/simple, root/files): bind the root.
                path = os.path.dirname(path.rstrip("/")) or path
            if os.path.exists(path) and path not in seen:
                seen[path] = Mount(path, path)
    return list(seen.values())
