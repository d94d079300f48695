"""Command palette provider: open any workflow, job or trigger by name.

App-wide commands (go to a screen, toggles, refresh interval, request log) are
system commands in ``DataFlowApp.get_system_commands``; this provider searches the
cached resource lists, loading them once if no screen has yet.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from dftui.ui.app import DataFlowApp

_KINDS = (
    ("workflows", "Workflow", "workflow_id"),
    ("jobs", "Job", "job_id"),
    ("triggers", "Trigger", "trigger_id"),
)


class ResourceCommands(Provider):
    """``Job: nightly_sales`` → opens that job's detail view."""

    @property
    def dfapp(self) -> DataFlowApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        await self.dfapp.ensure_cache()

    def _entries(self) -> list[tuple[str, str, str, Any]]:
        entries: list[tuple[str, str, str, Any]] = []
        for kind, label, id_field in _KINDS:
            for item in self.dfapp.cache.get(kind, []):
                entries.append((kind, f"{label}: {item.name}", str(getattr(item, id_field)), item))
        return entries

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
                    partial(self.dfapp.open_resource, kind, item),
                    text=title,
                    help=f"Open {item_id}",
                )

    async def discover(self) -> Hits:
        for kind, title, item_id, item in self._entries()[:30]:
            yield DiscoveryHit(title, partial(self.dfapp.open_resource, kind, item), help=f"Open {item_id}")
