"""The key bar: Textual's Footer, changed in place when what it shows changes.

Textual's Footer rebuilds all its keys on every change of the active bindings,
which happens on every focus change (opening an article moves focus to the
reader): every key widget removed, new ones mounted and styled, and the screen
laid out twice more. Here the keys it would show are compared first; when they
are the same, nothing is done, and when they differ, the key widgets already
there take the new keys (only a surplus is removed or a shortfall mounted).
A bar with key groups falls back to Textual's rebuild.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey


class Footer(TextualFooter):
    _shown: tuple | None = None

    def _showing(self, screen) -> tuple:
        app = screen.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip,
             binding.group.description if binding.group else None)
            for _, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            showing = self._showing(screen)
            if showing == self._shown and self._bindings_ready:
                return
            self._shown = showing
            if self._bindings_ready and self._change_in_place(showing):
                return
        super().bindings_changed(screen)

    def _change_in_place(self, showing: tuple) -> bool:
        """Give the keys already shown the keys of ``showing``, as Textual's compose
        would lay them out (one key per action, the first binding's); False when
        only a rebuild can show them (key groups, the command palette's key)."""
        if any(group is not None for *_, group in showing):
            return False
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            return False
        widgets = list(self.children)
        if not all(type(widget) is FooterKey for widget in widgets):
            return False
        wanted: dict[str, tuple] = {}
        for key, display, description, action, enabled, tooltip, _ in showing:
            wanted.setdefault(action, (key, display, description, action, not enabled, tooltip))
        keys = list(wanted.values())
        for widget, (key, display, description, action, disabled, tooltip) in zip(widgets, keys):
            if (widget.key, widget.key_display, widget.description, widget.action, widget._disabled) == (key, display, description, action, disabled):
                if (widget.tooltip or "") != (tooltip or ""):
                    widget.tooltip = tooltip or None
                continue
            widget.key, widget.key_display, widget.description, widget.action = key, display, description, action
            widget._disabled = disabled
            widget.set_class(disabled, "-disabled")
            widget.tooltip = tooltip or None
            widget.refresh(layout=True)
        if len(keys) > len(widgets):
            self.mount_all(self._key(*spec) for spec in keys[len(widgets):])
        for widget in widgets[len(keys):]:
            widget.remove()
        return True

    def _key(self, key: str, display: str, description: str, action: str, disabled: bool, tooltip: str) -> FooterKey:
        """A key as compose makes it (which binds ``compact`` to the bar's; it does not change here)."""
        widget = FooterKey(key, display, description, action, disabled=disabled, tooltip=tooltip)
        widget.set_reactive(FooterKey.compact, self.compact)
        widget.set_class(self.compact, "-compact")
        return widget
