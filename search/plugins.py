"""Formats found as modules of one package: the registry behind every "one new
file" extension point that is a plain module (annotation export formats, report
formats). A package makes one :class:`Plugins`, saying how a module becomes an
item (or None when it is not one); the first question imports every public
module of the package, in name order, and keeps the first item of each name.
Items can also be added and removed by hand (plugins, tests)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from types import ModuleType
from typing import Generic, TypeVar

T = TypeVar("T")


class Plugins(Generic[T]):
    def __init__(self, package: str, path: Iterable[str], make: Callable[[ModuleType], tuple[str, T] | None],
                 unknown: Callable[[str, tuple[str, ...]], Exception]) -> None:
        self._package, self._path, self._make, self._unknown = package, list(path), make, unknown
        self._items: dict[str, T] = {}
        self._discovered = False

    def _discover(self) -> None:
        if self._discovered:
            return
        self._discovered = True
        for module_info in sorted(pkgutil.iter_modules(self._path), key=lambda m: m.name):
            if module_info.name.startswith("_"):
                continue
            found = self._make(importlib.import_module(f"{self._package}.{module_info.name}"))
            if found is not None:
                self._items.setdefault(*found)

    def register(self, name: str, item: T) -> T:
        """Add (or replace) an item by hand."""
        self._discover()
        self._items[name] = item
        return item

    def unregister(self, name: str) -> T | None:
        self._discover()
        return self._items.pop(name, None)

    def names(self) -> tuple[str, ...]:
        """Every name, sorted."""
        self._discover()
        return tuple(sorted(self._items))

    def get(self, name: str) -> T:
        self._discover()
        try:
            return self._items[name]
        except KeyError:
            raise self._unknown(name, self.names()) from None
