"""Building many objects at once without the cyclic garbage collector scanning them meanwhile.

Loading a big account makes hundreds of thousands of objects that live on (10,000 jobs: models,
their JSON, cells, table rows; none of them in a reference cycle). While they are made, the
collector's full passes over the growing heap ran three to five times, 0.1 s each, within the
first load; and one landed on a filter key now and then. Inside :func:`collector_paused` it does
not run; once the last one ends it would run as before, at some later allocation (a filter key,
say): a list screen runs that pass itself (:func:`collect`) after the screen's next refresh once
its rows are built, before the first keys are typed. It is part of the first load (about 0.1 s)
but runs once, not three to five times.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

BULK_ITEMS = 1_000
"""A list this long counts as big: reading and showing the rest of it pause the collector."""

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


def collect() -> None:
    """The full pass a pause put off, at a moment the caller chose."""
    gc.collect()
