"""Walking the 0-based ``page``/``limit`` lists until they run out (docs/api-contract.md, Pagination).

The API has no total: a list ends when a page comes back empty or shorter than the
limit the server echoes (or the limit we asked for, if the echo is missing or
nonsense). Items can shift between requests, so :func:`collect_all` de-duplicates
by id. A page cap stops a misbehaving server from looping the client forever.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from dftui.api.models import ApiModel, Execution, Job, JobListItem, Page, Trigger, Workflow

__all__ = ["DEFAULT_MAX_PAGES", "collect_all", "item_id", "iter_pages"]

DEFAULT_MAX_PAGES = 1000

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
    **kwargs: Any,
) -> AsyncIterator[Page[Any]]:
    """Yield ``fetch(*args, page=n, limit=limit, **kwargs)`` for n = 0, 1, ... until the end."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if max_pages < 1:
        raise ValueError("max_pages must be at least 1")
    for page_number in range(max_pages):
        page = await fetch(*args, page=page_number, limit=limit, **kwargs)
        yield page
        echoed = page.limit if isinstance(page.limit, int) and page.limit > 0 else limit
        if not page.items or len(page.items) < echoed:
            return
    logger.warning(
        "stopped paging %s after %d pages (max_pages)", getattr(fetch, "__name__", fetch), max_pages
    )


async def collect_all(
    fetch: PageFetcher,
    *args: Any,
    limit: int,
    max_pages: int = DEFAULT_MAX_PAGES,
    **kwargs: Any,
) -> list[Any]:
    """Every item of every page, first occurrence kept when an id repeats."""
    seen: set[str] = set()
    items: list[Any] = []
    async for page in iter_pages(fetch, *args, limit=limit, max_pages=max_pages, **kwargs):
        for item in page.items:
            key = item_id(item)
            if key is not None:
                if key in seen:
                    continue
                seen.add(key)
            items.append(item)
    return items
