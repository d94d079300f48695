"""The HTTP layer under the gateway: uvicorn's h11 protocol, answering like a gateway at its limits.

uvicorn answers a request it cannot parse with a plain-text 400 and closes the connection while
the client may still be sending, which the client sees as a reset. Here such a request gets a
gateway error body instead: ``414`` when the request line alone is over the head limit, ``431``
when the headers are, ``400`` for anything else malformed (code ``100`` in each case). The rest of
what the client sends is read and thrown away for a moment before the connection is closed, so
the answer arrives rather than a reset (docs/emulator.md, Limits).

An injected dropped connection (:class:`~dftui.emulator.gateway.InjectedDrop`) is logged by the
gateway in one line; uvicorn's "Exception in ASGI application" traceback for it is filtered out.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from dftui.emulator.errors import gateway_body
from dftui.emulator.gateway import InjectedDrop

LINGER_S = 1.0
"""How long the rest of a refused request is read and discarded before the connection closes."""

_REASONS = {400: b"Bad Request", 414: b"URI Too Long", 431: b"Request Header Fields Too Large"}


class _LingeringTransport:
    """The connection's transport, except that ``close()`` while the client may still be sending
    a request first shuts the sending side, reads and discards what still arrives for up to
    :data:`LINGER_S` (or until the client closes), then closes. Closing a socket with unread data
    makes the kernel send a reset, and a client that gets one may never read the answer."""

    def __init__(self, transport: asyncio.Transport, protocol: GatewayH11Protocol) -> None:
        self._transport = transport
        self._protocol = protocol
        self._lingering = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)

    def is_closing(self) -> bool:
        return self._lingering or self._transport.is_closing()

    def close(self) -> None:
        if self._lingering or self._transport.is_closing():
            return
        if self._protocol.request_unfinished() and self._transport.can_write_eof():
            self._lingering = True
            self._protocol.discarding = True
            with contextlib.suppress(OSError, RuntimeError):
                self._transport.write_eof()
            self._protocol.loop.call_later(LINGER_S, self._transport.close)
            return
        self._transport.close()

    def really_close(self) -> None:
        self._transport.close()


class GatewayH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with gateway-shaped answers to requests it cannot take."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_limit = self.config.h11_max_incomplete_event_size or 16 * 1024
        self.discarding = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(_LingeringTransport(transport, self))  # type: ignore[arg-type]

    def request_unfinished(self) -> bool:
        """True while the client may still be sending: a body not read to its end, a bad head."""
        return self.conn.their_state in (h11.SEND_BODY, h11.ERROR)

    def data_received(self, data: bytes) -> None:
        if self.discarding:
            return
        super().data_received(data)

    def eof_received(self) -> None:
        if self.discarding:
            self.transport.really_close()  # type: ignore[attr-defined]

    def send_400_response(self, msg: str) -> None:
        buffered, _ = self.conn.trailing_data
        if len(buffered) > self._head_limit:
            line_complete = b"\r\n" in buffered[: self._head_limit]
            status = 431 if line_complete else 414
            part = "request headers" if line_complete else "request line"
            verb = "are" if line_complete else "is"
            details = f"The {part} {verb} longer than {self._head_limit} bytes."
        else:
            status, details = 400, "The request could not be understood as HTTP/1.1."
        _, body = gateway_body("100", details)
        payload = json.dumps(body, separators=(",", ":")).encode("utf-8")
        head = (
            b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\n"
            b"connection: close\r\n\r\n" % (status, _REASONS[status], len(payload))
        )
        self.transport.write(head + payload)
        self.transport.close()  # lingers: the rest of the request is read and thrown away


class QuietInjectedDrops(logging.Filter):
    """Drop uvicorn's traceback for a connection cut on purpose (the gateway logged one line)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, InjectedDrop)


QUIET_INJECTED_DROPS = QuietInjectedDrops()


def install_log_filter() -> None:
    """Idempotent: a filter object is added to a logger once."""
    logging.getLogger("uvicorn.error").addFilter(QUIET_INJECTED_DROPS)


__all__ = ["GatewayH11Protocol", "install_log_filter"]
