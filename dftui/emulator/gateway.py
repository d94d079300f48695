"""The API Gateway in front of the service: auth, permission, throttling, faults, ``Date``.

A plain ASGI middleware (docs/api-contract.md, How the emulator checks a request). It checks, in
order: the three ``x-ncp-*`` headers, the timestamp window against the *gateway* clock (the
machine clock plus an optional skew, never the simulated clock), the access key, then the
signature over the request target exactly as received. Every answer carries a ``Date`` header
so clients can measure clock skew.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from email.utils import formatdate
from typing import Any

from dftui.api.signing import sign
from dftui.emulator.errors import gateway_body, internal_error
from dftui.emulator.faults import Fault, FaultConfig, FaultInjector
from dftui.emulator.limits import DEFAULT_LIMITS, ServerLimits

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger("dftui.emulator")
WINDOW_MS = 300_000
TIMESTAMP_DIGITS = 15
"""Longest timestamp read as a number (epoch milliseconds have 13 digits until the year 2286)."""
EXEMPT_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect"})


@dataclass
class RateLimit:
    """Token bucket: ``rate`` requests per second on average, bursts up to ``burst``."""

    rate: float
    burst: int = 10
    _tokens: float = field(default=-1.0, init=False)
    _stamp: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def take(self) -> float:
        """Return 0 when allowed, else the seconds to wait before retrying."""
        with self._lock:
            now = time.monotonic()
            if self._tokens < 0:
                self._tokens, self._stamp = float(self.burst), now
            self._tokens = min(float(self.burst), self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            if self._tokens >= 1:
                self._tokens -= 1
                return 0.0
            return (1 - self._tokens) / self.rate


@dataclass
class GatewayConfig:
    keys: Mapping[str, str]
    """access key -> secret key."""
    no_permission_keys: frozenset[str] = frozenset()
    rate_limit: RateLimit | None = None
    faults: FaultConfig | None = None
    injector: FaultInjector | None = None
    """A shared injector (the server's, so faults can be switched while it runs); wins over ``faults``."""
    limits: ServerLimits = DEFAULT_LIMITS


class InjectedDrop(ConnectionAbortedError):
    """Raised to cut a connection on purpose (the ``drop`` fault); the server logs it as one line."""


class _BodyRefused(Exception):
    """The body broke a limit: answer with ``status`` and this gateway ``code`` and ``details``."""

    def __init__(self, status: int, details: str) -> None:
        super().__init__(details)
        self.status = status
        self.details = details


def limit_body(code: str, status: int, details: str) -> tuple[int, dict[str, Any]]:
    """A gateway error body with its documented ``code`` but a more specific HTTP ``status``."""
    _, body = gateway_body(code, details)
    return status, body


def request_target(scope: Scope) -> str:
    """Path and query exactly as received (uvicorn's raw_path has no query; httpx's ASGI one does)."""
    raw = scope.get("raw_path") or scope["path"].encode("utf-8")
    raw = raw.split(b"?", 1)[0]
    query = scope.get("query_string") or b""
    return (raw + b"?" + query if query else raw).decode("latin-1")


class Gateway:
    """ASGI middleware imitating NCP API Gateway in front of the Data Flow service."""

    def __init__(self, app: ASGIApp, config: GatewayConfig) -> None:
        self.app = app
        self.config = config
        self.faults = config.injector or (FaultInjector(config.faults) if config.faults else None)

    @property
    def skew_s(self) -> float:
        return self.faults.config.clock_skew_s if self.faults else 0.0

    def gateway_now(self) -> float:
        return time.time() + self.skew_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        date_value = formatdate(self.gateway_now(), usegmt=True).encode("ascii")
        started = False

        async def send_with_date(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"date"]
                headers.append((b"date", date_value))
                message["headers"] = headers
            await send(message)

        limits = self.config.limits
        target = request_target(scope)
        close = [(b"connection", b"close")]  # after a refused request, a fresh connection
        if len(target) > limits.max_target_bytes:
            details = f"The request target is longer than {limits.max_target_bytes} bytes."
            await self._reply(send_with_date, *limit_body("100", 414, details), close)
            return
        head_size = len(target) + sum(len(k) + len(v) + 4 for k, v in scope.get("headers", []))
        if head_size > limits.max_head_bytes:
            details = f"The request headers are longer than {limits.max_head_bytes} bytes."
            await self._reply(send_with_date, *limit_body("100", 431, details), close)
            return
        if scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send_with_date)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        declared = headers.get("content-length", "").strip()
        if declared.isdigit() and (len(declared) > 12 or int(declared) > limits.max_body_bytes):
            await self._reply(send_with_date, *self._too_large(), close)
            return
        problem = self.authenticate(scope["method"], target, headers)
        if problem is not None:
            await self._reply(send_with_date, *gateway_body("200", problem))
            return
        if headers["x-ncp-iam-access-key"] in self.config.no_permission_keys:
            await self._reply(send_with_date, *gateway_body("210"))
            return
        if self.config.rate_limit is not None:
            wait = self.config.rate_limit.take()
            if wait > 0:
                status, body = gateway_body("410")
                await self._reply(
                    send_with_date, status, body, [(b"retry-after", str(max(1, round(wait))).encode())]
                )
                return
        if self.faults is not None:
            if self.faults.config.latency_ms:
                await asyncio.sleep(self.faults.config.latency_ms / 1000)
            if await self._inject(self.faults.decide(), send_with_date, scope):
                return
        try:
            content = await self._read_body(receive)
        except _BodyRefused as refused:
            code = "430" if refused.status == 413 else "100"
            # the rest of the body is not read: the connection cannot carry another request
            await self._reply(send_with_date, *limit_body(code, refused.status, refused.details), close)
            return
        try:
            await self.app(scope, _replay(content, receive), send_with_date)
        except Exception:
            # an emulator bug must still look like the service's own 500, never a traceback
            log.exception("unexpected emulator error on %s %s", scope["method"], scope["path"])
            if started:
                raise
            error = internal_error("path", scope["path"])
            await self._reply(send_with_date, error.status, error.body(scope["path"]))

    def authenticate(self, method: str, target: str, headers: Mapping[str, str]) -> str | None:
        """Return why authentication failed, or ``None`` when it passed."""
        timestamp = headers.get("x-ncp-apigw-timestamp", "").strip()
        access_key = headers.get("x-ncp-iam-access-key", "").strip()
        signature = headers.get("x-ncp-apigw-signature-v2", "").strip()
        if not timestamp or not access_key or not signature:
            return "Required authentication headers are missing."
        if (
            not (timestamp.isascii() and timestamp.isdigit())
            or len(timestamp) > TIMESTAMP_DIGITS  # a 5,000-digit one is a 401, not a 500
            or abs(self.gateway_now() * 1000 - int(timestamp)) >= WINDOW_MS
        ):
            return "The timestamp is invalid or outside the allowed window."
        secret = self.config.keys.get(access_key)
        if secret is None:
            return "Invalid authentication information."
        expected = sign(method, target, timestamp, access_key, secret)
        if not hmac.compare_digest(expected.encode("ascii"), signature.encode("latin-1")):
            return "Invalid authentication information."
        return None

    @staticmethod
    async def _reply(
        send: Send, status: int, body: Any, extra_headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        payload = json.dumps(body, separators=(",", ":")).encode("utf-8")
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            *(extra_headers or []),
        ]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    def _too_large(self) -> tuple[int, dict[str, Any]]:
        limit = self.config.limits.max_body_bytes
        return limit_body("430", 413, f"The request body is larger than {limit} bytes.")

    async def _read_body(self, receive: Receive) -> bytes:
        """The whole body, within the size limit and the time limit (slow or unfinished bodies)."""
        limits = self.config.limits
        deadline = asyncio.get_running_loop().time() + limits.body_timeout_s
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, remaining))
            except TimeoutError:
                raise _BodyRefused(
                    408, f"The request body did not arrive within {limits.body_timeout_s:g} s."
                ) from None
            if message["type"] == "http.disconnect":
                raise _BodyRefused(400, "The client closed the connection before the body was complete.")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limits.max_body_bytes:
                raise _BodyRefused(413, f"The request body is larger than {limits.max_body_bytes} bytes.")
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    async def _inject(self, fault: Fault, send: Send, scope: Scope | None = None) -> bool:
        """Answer with the fault; ``False`` lets the request through."""
        if fault is Fault.NONE:
            return False
        if fault is Fault.THROTTLE:
            await self._reply(send, *gateway_body("410"), [(b"retry-after", b"1")])
        elif fault is Fault.UNAVAILABLE:
            await self._reply(send, *gateway_body("500"))
        elif fault is Fault.TIMEOUT:
            await self._reply(send, *gateway_body("510"))
        elif fault is Fault.MALFORMED:
            payload = b'{"list": [{"jobId": '
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": payload})
        elif fault is Fault.DROP:
            # promise more bytes than we send: the server closes the connection mid-response
            headers = [(b"content-type", b"application/json"), (b"content-length", b"1000")]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": b'{"trunc', "more_body": True})
            where = f" {scope['method']} {scope['path']}" if scope else ""
            log.warning("fault injection: dropped the connection in the middle of the answer to%s", where)
            raise InjectedDrop("fault injection: connection dropped")
        return True


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands over the body already read, then waits on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
