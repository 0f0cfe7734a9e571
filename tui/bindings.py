"""Where each key binding applies, found by walking the app rather than listed by hand.

The help screen shows every binding that has an id: the app's own ("anywhere"),
those of each widget on the main screen in screen order (a new inspector view's
list shows up by being there), then those of every screen the app can open.
A class names its place in help with ``HELP_SCOPE``; screens register
themselves by mixing in :class:`HelpScoped`, and name widgets they compose
that have bindings of their own in ``HELP_PARTS``.
"""

from __future__ import annotations

from typing import ClassVar, Iterable

from textual.binding import Binding
from textual.screen import Screen


class HelpScoped:
    """Mix into a widget or screen to give its bindings a place in help."""

    HELP_SCOPE: ClassVar[str] = ""
    HELP_PARTS: ClassVar[tuple[type, ...]] = ()  # widgets inside (screens only) with bindings of their own
    registered: ClassVar[list[type]] = []

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "HELP_SCOPE" in cls.__dict__:
            HelpScoped.registered.append(cls)


def _named(bindings: Iterable) -> list[Binding]:
    return [b for b in bindings if isinstance(b, Binding) and b.id]


def _scope_of(cls: type) -> str:
    return getattr(cls, "HELP_SCOPE", "") or cls.__name__.lower()


def binding_scopes(app) -> list[tuple[str, list[Binding]]]:
    """(where, bindings) for the app, the widgets of its main screen and its other screens."""
    scopes: list[tuple[str, list[Binding]]] = []
    seen: set[type] = set()

    def add(cls: type, scope: str | None = None) -> None:
        if cls in seen:
            return
        seen.add(cls)
        bindings = _named(getattr(cls, "BINDINGS", ()))
        if bindings:
            scopes.append((scope or _scope_of(cls), bindings))

    add(type(app), "anywhere")
    main = app.screen_stack[0] if app.screen_stack else None
    if main is not None:
        for node in main.walk_children(with_self=False):
            add(type(node))
    for cls in HelpScoped.registered:
        if isinstance(cls, type) and issubclass(cls, Screen) and cls is not type(main):
            add(cls)
            for part in cls.HELP_PARTS:
                add(part, _scope_of(cls))
    return scopes
