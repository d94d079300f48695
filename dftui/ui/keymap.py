"""Which binding ids a keymap in the config file may name, and which names match none.

Textual's ``set_keymap`` silently ignores an id no binding has, so a typo in the config
would leave a key unmapped without a word; the app turns these into configuration warnings.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping

from textual.binding import Binding
from textual.dom import DOMNode

import dftui.ui


def _dftui_classes() -> Iterator[type[DOMNode]]:
    for module in pkgutil.walk_packages(dftui.ui.__path__, "dftui.ui."):
        importlib.import_module(module.name)
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("dftui.ui"):
            yield cls


@functools.cache
def known_binding_ids() -> frozenset[str]:
    """Every binding id declared by the app's own screens, dialogs and widgets."""
    ids: set[str] = set()
    for cls in _dftui_classes():
        for binding in getattr(cls, "BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return frozenset(ids)


def unknown_keymap_ids(keymap: Mapping[str, str], known: Iterable[str] | None = None) -> list[str]:
    """Keymap entries that no binding has, in the order the config gave them."""
    if not keymap:
        return []  # the scan imports every screen and dialog: only a keymap needs it
    known_ids = set(known) if known is not None else known_binding_ids()
    return [binding_id for binding_id in keymap if binding_id not in known_ids]
