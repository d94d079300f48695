"""Jobs list."""

from __future__ import annotations

from collections.abc import Callable

from dftui.api.models import JobListItem
from dftui.ui.format import DASH
from dftui.ui.resources import listed_name
from dftui.ui.screens.resource_list import Column, Listing, ResourceListScreen, last_run_columns
from dftui.ui.status import status_text


class JobsScreen(ResourceListScreen[JobListItem]):
    screen_title = "Jobs"
    creates = "job"
    shows = frozenset({"job"})
    resource_name = "jobs"

    @property
    def columns(self) -> list[Column[JobListItem]]:  # type: ignore[override]
        now = self.session.now()
        return [
            Column("name", "Name", listed_name),
            Column("id", "ID", lambda j: j.job_id, narrow=False),
            Column("type", "Type", lambda j: j.type or DASH),
            Column(
                "status", "Status", lambda j: status_text(j.status, job=True), sort=lambda j: j.status or ""
            ),
            *last_run_columns(lambda j: j.last_execution_status, now, self.session.times),
        ]

    def cells_context(self) -> object:
        """Cells depend on the item and, for "today 14:03" against a date, on the day."""
        times = self.session.times
        return times, times.local(self.session.now()).date()

    async def fetch_listing(self, progress: Callable[[int], None]) -> Listing[JobListItem]:
        return Listing(await self.session.data.jobs(progress, self.items_arrived))
