"""Draw a one-line table cell without Rich's general layout machinery.

DataTable draws each cell as ``Styled(Padding(cell))`` through ``Console.render_lines``: three
nested renders, two line splits and crops, for what is one line of text between two pads. When a
filter key changes the rows on screen every visible cell is drawn again (about 250 at 120x40),
and that general path was 25-40 ms of each such key on the 10,000-job list. This draws the same
segments directly, for the cells it is exact for: a ``Text`` on one line, no tab, default
justification (the only kind dftui's tables use). Anything else goes the general way.
"""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

_NULL = Style.null()


def drawn_directly(cell: object) -> bool:
    """Whether :func:`one_line_cell` draws ``cell`` exactly as DataTable's general path does."""
    if type(cell) is not Text:
        return False
    plain = cell.plain
    return cell.justify in (None, "default") and "\n" not in plain and "\t" not in plain


def one_line_cell(
    console: Console, cell: Text, width: int, padding: int, style: Style, post_style: Style
) -> list[Segment]:
    """The segments of ``cell`` in a cell ``width`` wide with ``padding`` each side: cut to fit
    (as ``Text.truncate`` cuts it), padded with spaces, ``style`` under it and ``post_style``
    over it, as ``Styled`` applies them."""
    inner = width - 2 * padding
    text = cell
    if text.cell_len > inner:
        text = cell.copy()
        text.truncate(inner, overflow=cell.overflow or "fold")
    segments = [Segment(" " * padding)] if padding else []
    if text.spans:
        segments.extend(text.render(console, end=""))  # the base style under the spans
    elif text.plain:  # a Text without spans renders bare; DataTable's path gives it its style
        segments.append(
            Segment(text.plain, console.get_style(text.style, default=_NULL) if text.style else None)
        )
    right = inner - text.cell_len + padding
    if right > 0:
        segments.append(Segment(" " * right))
    # ``style`` is new for every cell (it carries the cell's row and column for the mouse), so
    # each ``+`` with it misses Rich's cache: pads take it as it is, as ``style + None`` would
    add = style.__add__
    if post_style:
        return [
            Segment(plain, (style if own is None else add(own)) + post_style) for plain, own, _ in segments
        ]
    return [Segment(plain, style if own is None else add(own)) for plain, own, _ in segments]
