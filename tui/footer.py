"""The key bar: Textual's Footer, recomposed only when what it shows changes.

Textual's Footer rebuilds all its keys on every change of the active bindings,
which happens on every focus change (opening an article moves focus to the
reader), and each rebuild lays the screen out again. Here the keys it would
show are compared first; when they are the same, nothing is rebuilt.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


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
        super().bindings_changed(screen)
