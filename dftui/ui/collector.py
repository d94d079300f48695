"""The cyclic garbage collector while the app runs: no full pass while somebody is using it.

CPython runs a full pass (every generation) on its own once enough objects have survived into the
oldest generation, and a full pass walks every object the collector tracks. A big account holds
a lot of them: 10,000 jobs in the list and the dashboard's 100,000 executions are about 1.4
million. There one full pass took 0.3-1.0 s, growing with the heap, and one came every 5-10 s
while the dashboard read the account's executions: the screen froze each time, keys included.

So while the app runs, :class:`FullPasses` turns CPython's automatic full passes off (the young
generations are still collected on their own, a few milliseconds each) and runs the full pass
itself once one is due and nobody has pressed a key or moved the mouse for ``idle_s``, no more
often than keeps its passes under ``cpu_share`` of a core. A pass is due as CPython would have it
(``CPYTHON_FULL_PASS_AFTER`` young collections since the last), or when a bulk build asked for one;
it runs regardless of input after ``max_gap_s``, so memory held in cycles never waits for an idle
moment that does not come.

Building a big list runs with the collector paused (:func:`collector_paused`): its objects all
live on (models, their JSON, cells, table rows; none in a cycle), and the young collections over
them were wasted work. The build then asks for the full pass it put off (:func:`request_full_pass`).
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

BULK_ITEMS = 1_000
"""A list this long counts as big: reading and showing the rest of it pause the collector."""

CPYTHON_FULL_PASS_AFTER = 10
"""Young (generation 1) collections after which CPython would run a full pass: its default third
threshold."""
_NEVER = 2**31 - 1
"""A third threshold CPython never reaches: no automatic full pass."""

_depth = 0
_reenable = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection until the last pause still open ends (pauses may overlap in any
    order, as reads on one event loop do); reference counting frees objects as ever."""
    global _depth, _reenable
    if _depth == 0:
        _reenable = gc.isenabled()
        gc.disable()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _reenable:
            gc.enable()


class FullPasses:
    """When the full pass runs: at an idle moment, once one is due (see the module's docstring)."""

    def __init__(
        self,
        *,
        idle_s: float = 5.0,
        min_gap_s: float = 30.0,
        max_gap_s: float = 600.0,
        cpu_share: float = 0.02,
        check_every_s: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.idle_s = idle_s
        self.min_gap_s = min_gap_s
        self.max_gap_s = max_gap_s
        self.cpu_share = cpu_share
        #: how often the owner calls :meth:`tick`
        self.check_every_s = check_every_s
        self.clock = clock
        self._last_input = clock()
        self._last_pass = clock()
        self._last_cost = 0.0
        self._requested = False
        self._given_back: tuple[int, ...] | None = None

    def take_over(self) -> None:
        """Turn CPython's automatic full passes off (the young generations stay automatic)."""
        if self._given_back is None:
            self._last_input = self._last_pass = self.clock()
            self._given_back = gc.get_threshold()
            young, middle, *_ = self._given_back
            gc.set_threshold(young, middle, _NEVER)

    def give_back(self) -> None:
        """CPython's own thresholds again (the app is ending)."""
        if self._given_back is not None:
            gc.set_threshold(*self._given_back)
            self._given_back = None

    def input_seen(self) -> None:
        self._last_input = self.clock()

    def request(self) -> None:
        """A full pass is due (a bulk build put one off)."""
        self._requested = True

    def tick(self) -> bool:
        """Run the full pass if it is due and this is the moment for it; True when it ran."""
        if self._given_back is None or not gc.isenabled():  # not ours, or paused (start-up, a build)
            return False
        if not (self._requested or gc.get_count()[2] >= CPYTHON_FULL_PASS_AFTER):
            return False
        now = self.clock()
        since = now - self._last_pass
        idle = now - self._last_input >= self.idle_s
        spaced = since >= max(self.min_gap_s, self._last_cost / self.cpu_share)
        if not ((idle and spaced) or since >= self.max_gap_s):
            return False
        started = time.perf_counter()
        found = gc.collect()
        self._last_cost = time.perf_counter() - started
        self._last_pass, self._requested = self.clock(), False
        log.debug("full collection at an idle moment: %.0f ms, %d freed", self._last_cost * 1000, found)
        return True


full_passes = FullPasses()
"""The process's one schedule (the collector is process-wide): the app takes it over while it
runs; builds ask it for a pass."""


def request_full_pass() -> None:
    """The full pass a bulk build put off, at the next idle moment."""
    full_passes.request()
