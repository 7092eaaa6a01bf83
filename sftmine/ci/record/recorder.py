"""The recorder package (`tracers/` beside `sftmine/`): find it, load it here, put it into a virtualenv.

Inside a traced project's virtualenv it is the package `sftmine_tracer` plus a one-line `.pth` file that
starts it when SFTMINE_TRACE is set, so every Python process of the test run (subprocesses included)
records. Here it is loaded under the same name to read what it stored.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

from sftmine.errors import ConfigError

PACKAGE = "sftmine_tracer"
# The value grammar the recorder encodes with: the sandbox's own encoder, shipped beside the recorder.
GRAMMAR = tuple(Path(__file__).resolve().parents[2] / "sandbox" / name
                for name in ("wire_encode.py", "wire_types.py", "wire_objects.py"))
ENV = "SFTMINE_TRACE"


def tracer_dir() -> Path:
    path = Path(__file__).resolve().parents[3] / "tracers"
    if not (path / "hook.py").is_file():
        raise ConfigError(f"the recorder is missing ({path}); run sftmine from its source checkout "
                          "(pip install -e .) so tracers/ sits beside sftmine/")
    return path


@functools.cache
def load_tracer() -> ModuleType:
    """The recorder as the package `sftmine_tracer` in this process (for its store reader)."""
    if PACKAGE in sys.modules:
        return sys.modules[PACKAGE]
    directory = tracer_dir()
    spec = importlib.util.spec_from_file_location(PACKAGE, directory / "__init__.py",
                                                  submodule_search_locations=[str(directory)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE] = module
    spec.loader.exec_module(module)
    for name in ("codec", "store", "hook"):
        importlib.import_module(f"{PACKAGE}.{name}")
    return module


def tracer_module(name: str) -> ModuleType:
    """One module of the loaded recorder: `store` (to read traces) or `hook` (for its `.pth` line)."""
    load_tracer()
    return sys.modules[f"{PACKAGE}.{name}"]


def store_module() -> ModuleType:
    return tracer_module("store")


def install_tracer(site_packages: Path) -> None:
    """Copy the recorder into `site_packages` and add the `.pth` line that starts it."""
    target = site_packages / PACKAGE
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for source in [*tracer_dir().glob("*.py"), *GRAMMAR]:
        shutil.copy2(source, target / source.name)
    (site_packages / f"{PACKAGE}.pth").write_text(tracer_module("hook").PTH_LINE, encoding="utf-8")


def trace_env(out: Path, root: Path, exclude: list[Path], options: dict) -> dict[str, str]:
    """The environment variable that switches recording on, with where and how much to record."""
    config = {"out": str(out), "root": str(root), "exclude": [str(p) for p in exclude], **options}
    return {ENV: json.dumps(config)}
