"""The one registry helper: named plug-ins (sandbox and model backends, sites, importers, export formats).

A package keeps one `Registry` and registers its built-ins the way a third party would; `builtins` names
the modules that register on import, loaded on first look-up so a registry costs nothing until used.

    FORMATS: Registry[Format] = Registry("export format", builtins=["sftmine.export.sft"])
    FORMATS.register("sft")(SftFormat())
    FORMATS.get("sft")    # or ConfigError: unknown export format 'x'; choose from codex-d, sft
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from sftmine.errors import ConfigError

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, kind: str, builtins: Iterable[str] | Callable[[], None] = (), also: Iterable[str] = ()
                 ) -> None:
        self.kind = kind  # what an entry is, for messages: "sandbox backend", "site", ...
        self._builtins = builtins
        self._also = tuple(also)  # choices the owner resolves itself (a sandbox's `auto`), named in messages
        self._entries: dict[str, T] = {}
        self._loaded = False

    def register(self, name: str) -> Callable[[T], T]:
        """Decorator (or plain call) adding `entry` under `name`; a later registration replaces it."""

        def add(entry: T) -> T:
            self._entries[name] = entry
            return entry

        return add

    def get(self, name: str) -> T:
        self._load()
        if name not in self._entries:
            choices = [*self._also, *self.names()]
            raise ConfigError(f"unknown {self.kind} {name!r}; choose from {', '.join(choices)}")
        return self._entries[name]

    def names(self) -> list[str]:
        self._load()
        return sorted(self._entries)

    def items(self) -> Iterator[tuple[str, T]]:
        """Entries in registration order (built-ins first)."""
        self._load()
        return iter(list(self._entries.items()))

    def __contains__(self, name: object) -> bool:
        self._load()
        return name in self._entries

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True  # first, so a built-in module that looks itself up does not loop
        if callable(self._builtins):
            self._builtins()
        else:
            for module in self._builtins:
                importlib.import_module(module)
