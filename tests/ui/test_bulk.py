"""The collector pause around building a big account's lists."""

from __future__ import annotations

import gc

from dftui.ui.bulk import collector_paused


def test_the_collector_pause_nests_in_any_order_and_restores_what_was() -> None:
    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    assert not gc.isenabled()
    first.__exit__(None, None, None)  # reads on one loop end in any order
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # someone else's pause is theirs to end
    finally:
        gc.enable()
