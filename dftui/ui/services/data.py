"""The account's resource lists as last loaded, and the signal that says data changed.

Lists are kept for the command palette and for views that need another list (triggers show
which workflows use them); every screen still re-reads what it shows on its own schedule.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from textual.dom import DOMNode
from textual.signal import Signal

from dftui.api import DataFlowClient
from dftui.api.models import JobListItem, Trigger, WorkflowListItem
from dftui.api.pagination import UNKNOWN_LIST_PAGES
from dftui.ui.collector import BULK_ITEMS, collector_paused
from dftui.ui.resources import Kind, resource_id

log = logging.getLogger(__name__)


def log_unawaited(what: str) -> Callable[[asyncio.Future[Any]], None]:
    """A done callback for a shared read: its error is logged even when nobody awaited it (the
    callers' screens hid), instead of asyncio's "Task exception was never retrieved" on stderr."""

    def retrieve(future: asyncio.Future[Any]) -> None:
        if not future.cancelled() and future.exception() is not None:
            log.info("%s failed: %s", what, future.exception())

    return retrieve


ListKind = Literal["workflows", "jobs", "triggers"]
LIST_KINDS: tuple[ListKind, ...] = ("workflows", "jobs", "triggers")
ItemT = TypeVar("ItemT")
Progress = Callable[[int], None]
Arrived = Callable[[list[Any]], None]
"""Hears the items of each page as it is read (a page's items; for a late joiner, those so far)."""


@dataclass(frozen=True)
class DataChange:
    """Something was written (a run started, an execution stopped, an item created or deleted).

    Screens that show any of it re-read at once; ``execution_id`` is the execution the user just
    started, so a view listing it can put the cursor on it.
    """

    kind: Kind
    resource_id: str = ""
    job_id: str = ""
    execution_id: str = ""


class _Reading:
    """A list read in flight: its result, the count so far, and who is listening."""

    def __init__(self) -> None:
        self.future: asyncio.Future[list[Any]]
        self.count = 0
        self.listeners: list[Progress] = []
        self.items: dict[str, Any] = {}
        self.arrived: list[Arrived] = []


class AccountData:
    def __init__(self, owner: DOMNode, client: DataFlowClient) -> None:
        self.client = client
        self._lists: dict[ListKind, list[Any]] = {}
        self._triggers_by_id: dict[str, Trigger] = {}
        self._reading: dict[ListKind, _Reading] = {}
        self.changed: Signal[DataChange] = Signal(owner, "data-changed")

    # ------------------------------------------------------------------- lists

    async def workflows(self, progress: Progress | None = None) -> list[WorkflowListItem]:
        return await self._load("workflows", self.client.get_workflows, progress)

    async def jobs(
        self, progress: Progress | None = None, arrived: Arrived | None = None
    ) -> list[JobListItem]:
        return await self._load("jobs", self.client.get_jobs, progress, arrived)

    async def triggers(self, progress: Progress | None = None) -> list[Trigger]:
        triggers: list[Trigger] = await self._load("triggers", self.client.get_triggers, progress)
        self._triggers_by_id = {t.trigger_id: t for t in triggers}
        return triggers

    async def _load(
        self,
        kind: ListKind,
        method: Callable[..., Awaitable[Any]],
        progress: Progress | None,
        arrived: Arrived | None = None,
    ) -> list[ItemT]:
        """One read of a list at a time: a second caller (the dashboard and its background runs
        worker, say) joins the read in flight, and hears its progress, instead of sending the same
        requests again. ``arrived`` hears each page's items as it comes (a joiner first hears the
        items read so far), so a caller can show them before the list is complete."""
        reading = self._reading.get(kind)
        if reading is None or reading.future.done():
            reading = _Reading()
            reading.future = asyncio.ensure_future(self._read(kind, method, reading))
            # every caller may have gone (their screens hid): the error is then only logged
            reading.future.add_done_callback(log_unawaited(f"reading the {kind} list"))
            self._reading[kind] = reading
        if progress is not None:
            reading.listeners.append(progress)
            progress(reading.count)
        if arrived is not None:
            reading.arrived.append(arrived)
            if reading.items:
                arrived(list(reading.items.values()))
        try:
            # shielded: a caller that is cancelled (its screen hid) does not cancel the others' read
            return list(await asyncio.shield(reading.future))
        finally:
            if progress is not None and progress in reading.listeners:
                reading.listeners.remove(progress)
            if arrived is not None and arrived in reading.arrived:
                reading.arrived.remove(arrived)

    async def _read(
        self, kind: ListKind, method: Callable[..., Awaitable[Any]], reading: _Reading
    ) -> list[Any]:
        """Every page, de-duplicated by id; the listeners hear the running count after each page."""
        items = reading.items
        with ExitStack() as pause:
            paused = False
            async for page in self.client.iter_pages(method, expected_pages=self._expected_pages(kind)):
                for item in page.items:
                    items[resource_id(item) or str(id(item))] = item
                reading.count = len(items)
                if not paused and reading.count >= BULK_ITEMS:
                    pause.enter_context(collector_paused())  # a big list: the rest is read paused
                    paused = True
                for listener in list(reading.listeners):
                    listener(reading.count)
                if page.items:
                    for hears in list(reading.arrived):
                        hears(page.items)
        result = list(items.values())
        reading.items = {}  # the result keeps them; a finished read needs no copy
        self._lists[kind] = result
        return result

    def _expected_pages(self, kind: ListKind) -> int:
        """As many pages as the list had last time (one more if its last page was full); on a
        first read, enough for a big account in one round trip after the first page."""
        known = self._lists.get(kind)
        if known is None:
            return UNKNOWN_LIST_PAGES
        return len(known) // max(1, self.client.page_limit) + 1

    def cached(self, kind: ListKind) -> list[Any]:
        """The list as last loaded (empty when no screen has loaded it yet)."""
        return list(self._lists.get(kind, ()))

    async def ensure_all(self) -> None:
        """Load the lists no screen has loaded yet (the palette searches all three)."""
        loaders: dict[ListKind, Callable[[], Awaitable[list[Any]]]] = {
            "workflows": self.workflows,
            "jobs": self.jobs,
            "triggers": self.triggers,
        }
        for kind in LIST_KINDS:
            if kind not in self._lists:
                try:
                    await loaders[kind]()
                except Exception as error:
                    log.info("could not load %s: %s", kind, error)

    # ---------------------------------------------------------------- triggers

    async def trigger(self, trigger_id: str) -> Trigger | None:
        """A trigger by id, read once: the API has no trigger update, so a trigger never changes."""
        known = self._triggers_by_id.get(trigger_id)
        if known is not None:
            return known
        try:
            trigger = await self.client.get_trigger_by_id(trigger_id)
        except Exception as error:  # deleted, or unreadable: the caller shows what the node says
            log.info("could not read trigger %s: %s", trigger_id, error)
            return None
        self._triggers_by_id[trigger_id] = trigger
        return trigger

    # ----------------------------------------------------------------- changes

    def announce(self, change: DataChange) -> None:
        """Tell every screen that ``change`` happened; a deleted trigger is forgotten."""
        if change.kind == "trigger":
            self._triggers_by_id.pop(change.resource_id, None)
        self._reading.clear()  # a read begun before the change may miss it: the next load reads anew
        self.changed.publish(change)
