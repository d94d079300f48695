"""A work-around for a Textual leak, installed by ``DataFlowApp`` when it is made.

``StylesCache.get_inner_outer`` (``textual/_styles_cache.py``) is an instance method under
``functools.lru_cache(1024)``, so the cache's keys hold the last 1,024 ``StylesCache`` objects,
one per widget, and with each of them every line that widget last rendered, long after the widget
was removed (Textual issue #6665). A live view removes widgets all the time (footer keys, table
rows, dialogs), so a long session kept about a thousand dead widgets' rendered lines.

The two background styles depend only on the two colours: the same cache, keyed on them alone.
If Textual stops caching the method, this does nothing.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style


@lru_cache(1024)
def _inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(_cache: StylesCache, base_background: Color, background: Color) -> tuple[Style, Style]:
    return _inner_outer(base_background, background)


def install() -> None:
    """Replace the per-instance cache; idempotent."""
    cached = StylesCache.__dict__.get("get_inner_outer")
    if cached is None or not hasattr(cached, "cache_clear"):
        return  # not cached per instance (any more), or already replaced
    cached.cache_clear()
    StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign,assignment]
