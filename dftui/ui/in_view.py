"""Whether the user can see a screen: for tickers that only redraw what is on view.

Textual's ``Screen.is_current`` is also true of the screen right under the top one, even when
the top one is opaque (``App._background_screens`` always holds it). A 1 s ticker there is
not just wasted: any refresh on a background screen makes Textual repaint the whole top
screen (a job view, over its jobs list, was repainted in full every second by the list's
header clock).
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def in_view(screen: Screen[Any]) -> bool:
    """``screen`` is the top screen, or shows through every screen above it (modals)."""
    try:
        stack = screen.app.screen_stack
    except Exception:  # no app, or no screen stack (shutting down)
        return False
    if screen not in stack:
        return False
    return all(above.styles.background.a < 1 for above in stack[stack.index(screen) + 1 :])
