"""Command palette provider: open any workflow, job or trigger by name.

App-wide commands (go to a screen, toggles, refresh interval, request log) are system
commands of the app; this provider searches the session's resource lists, loading them once
if no screen has yet.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from dftui.ui.resources import resource_id
from dftui.ui.safe_text import clean
from dftui.ui.screens.navigation import detail_screen
from dftui.ui.services.data import ListKind
from dftui.ui.session import Session, session_of

_KINDS: tuple[tuple[ListKind, str], ...] = (
    ("workflows", "Workflow"),
    ("jobs", "Job"),
    ("triggers", "Trigger"),
)


class ResourceCommands(Provider):
    """``Job: nightly_sales`` → opens that job's detail view, in the jobs area."""

    @property
    def session(self) -> Session:
        return session_of(self.app)

    async def startup(self) -> None:
        await self.session.data.ensure_all()

    def _entries(self) -> list[tuple[ListKind, str, str, Any]]:
        data = self.session.data
        return [
            (kind, f"{label}: {escape(clean(item.name))}", clean(resource_id(item)), item)
            for kind, label in _KINDS
            for item in data.cached(kind)
        ]

    async def _open(self, kind: ListKind, item: Any) -> None:
        screen = detail_screen(self.session, item)
        if screen is not None:
            await self.app.switch_mode(kind)
            await self.app.push_screen(screen)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for kind, title, item_id, item in self._entries():
            score = matcher.match(title)
            if score <= 0:
                score = matcher.match(item_id) * 0.9
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._open, kind, item),
                    text=title,
                    help=f"Open {item_id}",
                )

    async def discover(self) -> Hits:
        for kind, title, item_id, item in self._entries()[:30]:
            yield DiscoveryHit(title, partial(self._open, kind, item), help=f"Open {item_id}")
