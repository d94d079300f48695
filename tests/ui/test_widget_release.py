"""Removed widgets are freed (soak memory): two Textual leaks dftui works around.

* the footer rebuilds its keys whenever the keys on offer change, and each key it built stayed
  on a watcher list of the footer (:mod:`dftui.ui.widgets.footer`);
* ``StylesCache.get_inner_outer`` was cached per instance, keeping the last 1,024 widgets'
  rendered lines (:mod:`dftui.ui.textual_fixes`).
"""

from __future__ import annotations

import gc
import weakref

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.widgets._footer import FooterKey

from dftui.emulator import EmulatorServer
from dftui.ui import textual_fixes
from dftui.ui.screens.jobs import JobsScreen
from dftui.ui.widgets.footer import KeyFooter
from tests.ui.conftest import SIZE, keys, make_app, settle


async def test_the_footer_lets_go_of_the_keys_it_rebuilt(emulator: EmulatorServer) -> None:
    app = make_app(emulator)
    async with app.run_test(size=SIZE) as pilot:
        await keys(pilot, "3")
        screen = app.screen
        assert isinstance(screen, JobsScreen)
        await settle(pilot)
        footer = screen.query_one(KeyFooter)
        shown = len(footer.query(FooterKey))
        built: list[weakref.ref[FooterKey]] = []
        for _ in range(6):  # each toggle changes the keys on offer: the footer is rebuilt
            built += [weakref.ref(key) for key in footer.query(FooterKey)]
            app.session.settings.toggle_read_only()
            await settle(pilot)
        assert len(footer.query(FooterKey)) == shown
        watchers = getattr(footer, "__watchers", {})
        assert sum(len(entries) for entries in watchers.values()) <= shown
        gc.collect()
        kept = [ref() for ref in built if ref() is not None]
        assert kept == [], f"{len(kept)} of the {len(built)} keys removed from the footer are still in memory"


def test_a_widgets_rendered_lines_are_not_kept_by_a_cache_once_it_is_gone(emulator: EmulatorServer) -> None:
    make_app(emulator)  # the app installs the fix
    assert StylesCache.get_inner_outer is textual_fixes._get_inner_outer
    cache = StylesCache()
    inner, outer = cache.get_inner_outer(Color(10, 20, 30), Color(40, 50, 60, a=0.5))
    assert outer.background == Color(10, 20, 30)
    assert cache.get_inner_outer(Color(10, 20, 30), Color(40, 50, 60, a=0.5)) == (inner, outer)
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None
