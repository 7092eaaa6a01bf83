"""Running code under the real recorder in this process (capture -> logger -> store), for tests."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
import threading
from pathlib import Path

from tracers import store
from tracers.capture import Recorder, make_profiler
from tracers.logger import Logger


class Traced:
    """Run code under the real recorder (capture -> logger -> SQLite store) and read what it stored."""

    def __init__(self, root: Path, **config) -> None:
        self.root, self.out = root / "project", root / "traces"
        self.root.mkdir()
        self.out.mkdir()
        self.logger = Logger(store.Store(str(self.out)))
        self.recorder = Recorder({"root": str(self.root), **config}, self.logger)

    def module(self, name: str, source: str, importable: bool = False):
        """Load `source` as a module of the project; `importable` lists it in sys.modules under `name`
        (which must be unique in the test session), so its classes can be named by import path there and
        in a Python that has the project's folder on its path."""
        path = self.root / f"{name}.py"
        path.write_text(textwrap.dedent(source))
        spec = importlib.util.spec_from_file_location(name if importable else f"traced_{id(self)}_{name}", path)
        module = importlib.util.module_from_spec(spec)
        if importable:
            sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module

    def run(self, fn, *args, **kwargs):
        profile = make_profiler(self.recorder)
        sys.setprofile(profile)
        threading.setprofile(profile)
        try:
            return fn(*args, **kwargs)
        finally:
            sys.setprofile(None)
            threading.setprofile(None)  # type: ignore[arg-type]
            self.logger.close()

    def calls(self) -> list:
        return [row for path in store.trace_files(str(self.out)) for row in store.read_calls(path)]

    def funcs(self) -> dict:
        return {row.info["qualname"]: row.info for path in store.trace_files(str(self.out))
                for row in store.read_funcs(path)}

    def by_name(self) -> dict:
        names = {key: info for key, info in self._keys().items()}
        out: dict = {}
        for row in self.calls():
            out.setdefault(names[row.func]["qualname"], []).append(row)
        return out

    def _keys(self) -> dict:
        return {row.key: row.info for path in store.trace_files(str(self.out)) for row in store.read_funcs(path)}
