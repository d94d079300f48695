"""Many reads a few at a time: the bound holds, results keep their order, errors come out."""

from __future__ import annotations

import asyncio

import pytest

from dftui.ui.concurrency import gather_bounded


async def test_at_most_the_bound_run_at_once_and_results_keep_the_items_order() -> None:
    running = peak = 0

    async def read(item: int) -> int:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        await asyncio.sleep(0.001 * (item % 3))
        running -= 1
        return item * 10

    assert await gather_bounded(read, range(50), concurrency=4) == [item * 10 for item in range(50)]
    assert peak == 4
    assert len(asyncio.all_tasks()) == 1  # the readers are gone, only this test's task is left
    assert await gather_bounded(read, [], concurrency=4) == []


async def test_an_error_comes_out_and_the_bound_must_be_positive() -> None:
    async def read(item: int) -> int:
        if item == 7:
            raise LookupError(item)
        return item

    with pytest.raises(LookupError):
        await gather_bounded(read, range(20), concurrency=3)
    with pytest.raises(ValueError, match="at least 1"):
        await gather_bounded(read, range(3), concurrency=0)
