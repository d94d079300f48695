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
        self._records: deque[RequestRecord] = deque(maxlen=size)
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
        self._records.append(record)
        self.recorded.publish(record)

    def __iter__(self) -> Iterator[RequestRecord]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)
