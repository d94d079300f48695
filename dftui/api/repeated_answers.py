"""A big answer that comes back byte for byte the same is not parsed again.

A job's detail view reads the whole job on every refresh. A job with 100,000 parameters is a
13 MB answer: decoding it takes about 110 ms and validating it about 110 ms more, and all of that
holds the interpreter lock, so keys wait while it runs. The service sends no ETag, so the client
cannot ask whether the job changed, but it can notice that the answer did not.

For each GET target this keeps the digest of its last big answer and a weak reference to the
object that answer was parsed into. When the same bytes come back while something (the screen
showing the job) still holds that object, the same object is returned. Nothing here keeps a parsed
answer alive, and models are never changed after they are parsed, so handing one out twice is safe.
"""

from __future__ import annotations

import hashlib
import weakref
from collections import OrderedDict
from typing import Any

KEPT_TARGETS = 16
"""GET targets remembered (only a digest and a weak reference each): the most recent win."""


def digest(content: bytes) -> bytes:
    """A fingerprint of an answer; hashlib lets other threads run while it hashes a big buffer."""
    return hashlib.blake2b(content, digest_size=20).digest()


class RepeatedAnswers:
    """What each GET target's last big answer was parsed into, while it is still in use."""

    def __init__(self, kept: int = KEPT_TARGETS) -> None:
        self._kept = kept
        self._known: OrderedDict[str, tuple[bytes, weakref.ref[Any]]] = OrderedDict()

    def recall(self, target: str, fingerprint: bytes) -> Any | None:
        """The object the same answer to ``target`` gave last time, if it is still in use."""
        known = self._known.get(target)
        if known is None or known[0] != fingerprint:
            return None
        self._known.move_to_end(target)
        return known[1]()

    def remember(self, target: str, fingerprint: bytes, result: Any) -> None:
        """Note what ``target``'s answer was parsed into (a result that cannot be weakly
        referenced, such as a ``bool``, is cheap to parse again and is not kept)."""
        try:
            reference = weakref.ref(result)
        except TypeError:
            return
        self._known[target] = (fingerprint, reference)
        self._known.move_to_end(target)
        while len(self._known) > self._kept:
            self._known.popitem(last=False)
