"""The last API calls, fed by the client's ``on_request`` hook, for the request-log screen.

Records never hold headers, so no signature or secret can reach this log.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

from textual.dom import DOMNode
from textual.signal import Signal

from dftui.api import DataFlowClient
from dftui.api.records import RequestRecord

REQUEST_LOG_SIZE = 500


class RequestLog:
    def __init__(self, owner: DOMNode, size: int = REQUEST_LOG_SIZE) -> None:
        #: (number, record): the number counts every call ever added, so a record keeps its row
        #: key on the screen while older ones drop off the end
        self._records: deque[tuple[int, RequestRecord]] = deque(maxlen=size)
        self._added = 0
        self.size = size
        self.recorded: Signal[RequestRecord] = Signal(owner, "request-recorded")

    def attach(self, client: DataFlowClient) -> None:
        """Record every call ``client`` makes, keeping any hook it already had."""
        previous: Callable[[RequestRecord], None] | None = client.on_request

        def hook(record: RequestRecord) -> None:
            if previous is not None:
                previous(record)
            self.add(record)

        client.on_request = hook

    def add(self, record: RequestRecord) -> None:
        self._added += 1
        self._records.append((self._added, record))
        self.recorded.publish(record)

    def numbered(self) -> Iterator[tuple[int, RequestRecord]]:
        """Oldest first, each with its number (a stable key)."""
        return iter(self._records)

    def __iter__(self) -> Iterator[RequestRecord]:
        return (record for _, record in self._records)

    def __len__(self) -> int:
        return len(self._records)
