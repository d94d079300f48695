"""Textual's footer without its leak.

Each key the footer composes is data-bound to the footer's ``compact`` (``FooterKey.data_bind``),
which puts the key on a watcher list of the footer. Textual drops a closed key from that list only
when ``compact`` changes, which in dftui it never does, while the footer builds every key afresh
each time the keys on offer change (a selection moves, a run finishes, read-only is toggled): every
key it ever built stayed in memory, with its styles and rendered lines, for as long as the screen.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer


class KeyFooter(Footer):
    """A :class:`~textual.widgets.Footer` that lets go of the keys it removed."""

    async def recompose(self) -> None:
        await super().recompose()
        self.forget_removed_keys()

    def forget_removed_keys(self) -> None:
        """Drop watchers of this footer whose widget has been removed (Textual's own test)."""
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [
                (node, callback) for node, callback in entries if not (node._closing or node._closed)
            ]
