"""The cyclic garbage collector, paused while the ``dftui`` command starts.

Start-up builds objects that live as long as the process: some 700 modules, their classes, the
stylesheet and the first screen's widgets. Python's collector runs about 200 times over them
before the first data frame and finds next to nothing to free, which measured 70-130 ms of a start
of under a second. So the command pauses it on entry, and the app resumes it once its first data
frame is drawn (or after a few seconds at most, whatever happens).

Resuming freezes what start-up built: it moves those objects out of the collector's generations,
so the collections of a day-long session never walk them again. A start-up cycle that was
already garbage stays allocated (about 7,000 small objects, measured), which costs less than the
full collection (70-90 ms) that would find it.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)
_paused = False


def pause_collector() -> None:
    """Stop automatic collections (a no-op when they were already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector(reason: str = "start-up is over") -> None:
    """Freeze what start-up built and collect automatically again; only the first call acts."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
        log.debug("garbage collector resumed (%s); %d start-up objects frozen", reason, gc.get_freeze_count())


def collector_paused() -> bool:
    """Whether start-up still holds the collector paused."""
    return _paused
