"""Walking the 0-based ``page``/``limit`` lists until they run out (docs/api-contract.md, Pagination).

The API has no total: a list ends when a page comes back empty or shorter than the
limit the server echoes (or the limit we asked for, if the echo is missing or
nonsense). Items can shift between requests, so :func:`collect_all` de-duplicates
by id. A page cap stops a misbehaving server from looping the client forever.

When the first page is full, the pages after it are requested :data:`PAGE_CONCURRENCY` at a
time and still yielded in order. As there is no total, up to ``concurrency - 1`` requests may go
past the end; their answers are dropped. A caller that knows how many pages the list had last time
passes ``expected_pages``: that many are asked for at once (a 10,000-job list: one round trip
after the first page), so a re-read sends no requests past the end it already knows.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from dftui.api.models import ApiModel, Execution, Job, JobListItem, Page, Trigger, Workflow

__all__ = [
    "DEFAULT_MAX_PAGES",
    "PAGE_CONCURRENCY",
    "UNKNOWN_LIST_PAGES",
    "collect_all",
    "item_id",
    "iter_pages",
]

DEFAULT_MAX_PAGES = 1000
PAGE_CONCURRENCY = 4
"""Pages in flight at once after a full first page, when nothing says how long the list is: at
most three requests past the end of a list that just filled its first pages."""
UNKNOWN_LIST_PAGES = 10
"""``expected_pages`` for the first read of a list the app shows whole (the Jobs list of a big
account: 10 pages in one round trip instead of three; up to nine requests past the end, once)."""

logger = logging.getLogger("dftui.api")

PageFetcher = Callable[..., Awaitable[Page[Any]]]

_ID_FIELDS = ("job_execution_id", "workflow_id", "trigger_id", "job_id")


def item_id(item: ApiModel) -> str | None:
    """The identifying field of a list item (execution, workflow, trigger or job)."""
    if isinstance(item, Execution):
        return item.job_execution_id
    if isinstance(item, Workflow):
        return item.workflow_id
    if isinstance(item, Trigger):
        return item.trigger_id
    if isinstance(item, (Job, JobListItem)):
        return item.job_id
    for name in _ID_FIELDS:
        value = getattr(item, name, None)
        if value is not None:
            return str(value)
    return None


async def iter_pages(
    fetch: PageFetcher,
    *args: Any,
    limit: int,
    max_pages: int = DEFAULT_MAX_PAGES,
    concurrency: int = PAGE_CONCURRENCY,
    expected_pages: int = 0,
    **kwargs: Any,
) -> AsyncIterator[Page[Any]]:
    """Yield ``fetch(*args, page=n, limit=limit, **kwargs)`` for n = 0, 1, ... until the end.

    Page 0 alone first; if it is full, up to ``concurrency`` later pages are in flight at once;
    with ``expected_pages``, pages 1 to ``expected_pages - 1`` all at once, then one at a time. Pages come out in page order; an error of
    page n is raised when page n's turn comes.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    page = await fetch(*args, page=0, limit=limit, **kwargs)
    yield page
    if _is_last(page, limit):
        return
    in_flight: deque[asyncio.Task[Page[Any]]] = deque()
    # past the expected pages the list grew: one page at a time until it ends
    window = 1 if expected_pages else concurrency
    next_number = 1
    try:
        while True:
            while (len(in_flight) < window or next_number < expected_pages) and next_number < max_pages:
                task = asyncio.ensure_future(fetch(*args, page=next_number, limit=limit, **kwargs))
                task.add_done_callback(_retrieve)
                in_flight.append(task)
                next_number += 1
            if not in_flight:
                break
            page = await in_flight.popleft()
            yield page
            if _is_last(page, limit):
                return
    finally:
        for task in in_flight:  # past the end, or the caller stopped early
            task.cancel()
    logger.warning(
        "stopped paging %s after %d pages (max_pages)", getattr(fetch, "__name__", fetch), max_pages
    )


def _is_last(page: Page[Any], limit: int) -> bool:
    echoed = page.limit if isinstance(page.limit, int) and page.limit > 0 else limit
    return not page.items or len(page.items) < echoed


def _retrieve(task: asyncio.Task[Any]) -> None:
    """A page nobody awaits (past the end) must not log "exception was never retrieved"."""
    if not task.cancelled():
        task.exception()


async def collect_all(
    fetch: PageFetcher,
    *args: Any,
    limit: int,
    max_pages: int = DEFAULT_MAX_PAGES,
    concurrency: int = PAGE_CONCURRENCY,
    **kwargs: Any,
) -> list[Any]:
    """Every item of every page, first occurrence kept when an id repeats."""
    seen: set[str] = set()
    items: list[Any] = []
    pages = iter_pages(fetch, *args, limit=limit, max_pages=max_pages, concurrency=concurrency, **kwargs)
    async for page in pages:
        for item in page.items:
            key = item_id(item)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            items.append(item)
    return items
