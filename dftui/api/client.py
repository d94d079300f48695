"""``DataFlowClient``: the async Python API for NAVER Cloud Platform Data Flow.

One method per documented operation (docs/api-contract.md, Operation index), named as
the snake_case of the operation name, returning the models of :mod:`dftui.api.models`.
Every failure is a :class:`~dftui.api.errors.DataFlowError` subclass whose ``str()`` reads
as a sentence.

Example::

    async with DataFlowClient(base_url="https://dataflow.apigw.ntruss.com",
                              access_key=ak, secret_key=sk) as client:
        jobs = await client.collect_all(client.get_jobs)
        run = await client.execute_job(jobs[0].job_id)

What the client does for you:

* signs every attempt (fresh timestamp) over the exact request target it sends;
* retries only what is safe to repeat (:mod:`dftui.api.retry`);
* falls back from ``PATCH`` to ``PUT`` for updateJob on older servers, and from
  ``/stats/execution-times`` to ``/stats/executions-times``, remembering which works;
* measures clock skew from the ``Date`` header and quotes it in authentication errors;
* reports every call to ``on_request`` as a :class:`~dftui.api.records.RequestRecord`;
* refuses every non-GET call before sending when ``read_only=True``;
* parses a big answer (over :data:`THREAD_PARSE_BYTES`) in a worker thread, so the event loop
  keeps running while a 15 MB job is decoded and validated, and does not parse it again when a
  GET brings back the same bytes while its last result is still in use.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from dftui import __version__
from dftui.api.auth import SignatureAuth, encode_query, mask_key
from dftui.api.errors import (
    AuthError,
    DataFlowError,
    UnexpectedResponseError,
    network_error,
    parse_error_response,
    read_only_error,
    timeout_error,
)
from dftui.api.models import (
    ApiModel,
    ExecuteJobRequest,
    Execution,
    ExecutionCount,
    ExecutionResult,
    ExecutionTimes,
    Job,
    JobCondition,
    JobCreate,
    JobExecuteConfig,
    JobListItem,
    JobUpdate,
    JobVerify,
    Page,
    Trigger,
    TriggerCreate,
    Workflow,
    WorkflowListItem,
    WorkflowRunAccepted,
    WorkflowWrite,
)
from dftui.api.pagination import DEFAULT_MAX_PAGES, PAGE_CONCURRENCY, PageFetcher
from dftui.api.pagination import collect_all as _collect_all
from dftui.api.pagination import iter_pages as _iter_pages
from dftui.api.records import RequestRecord
from dftui.api.repeated_answers import RepeatedAnswers, digest
from dftui.api.retry import RetryClass, RetryPolicy, parse_retry_after
from dftui.timeutil import KST, format_query_datetime

if TYPE_CHECKING:
    from dftui.config import ResolvedConfig

__all__ = ["API_PREFIX", "DEFAULT_BASE_URL", "PAYLOAD_HEADER", "DataFlowClient"]

DEFAULT_BASE_URL = "https://dataflow.apigw.ntruss.com"
API_PREFIX = "/api/v1"
PAYLOAD_HEADER = "x-ncp-dataflow-payload"
DEFAULT_PAGE_LIMIT = 1000
EXECUTION_TIMES_PATHS = ("/stats/execution-times", "/stats/executions-times")
"""getExecutionTimes: the path the live gateway answers first, then the guide pages' spelling."""
THREAD_PARSE_BYTES = 1024 * 1024
"""Answers bigger than this are decoded, parsed and validated in a worker thread (about 7 ms
per MB: a 13 MB job held the event loop for about 100 ms). The thread still needs the
interpreter lock, but the loop gets it back every ``sys.getswitchinterval()`` (5 ms) between
bytecodes, so keys and timers keep being served. A smaller answer parses within about one
switch interval, so a thread would not give the loop its turn any sooner; ordinary pages
(an executions page of 1,000 is about 470 KB) stay on the loop."""

logger = logging.getLogger("dftui.api")

T = TypeVar("T")
ModelT = TypeVar("ModelT", bound=BaseModel)
Body = ApiModel | Mapping[str, Any]
Sleep = Callable[[float], Awaitable[None]]
Params = Sequence[tuple[str, Any]]


def _segment(value: str) -> str:
    """A path parameter, percent-encoded so an odd id can never change the route."""
    return quote(str(value), safe="")


def _body_json(body: Body | None) -> dict[str, Any] | None:
    if body is None:
        return None
    if isinstance(body, BaseModel):
        return body.to_json() if isinstance(body, ApiModel) else body.model_dump(mode="json", by_alias=True)
    return dict(body)


def _encode_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_payload_header(payload: Mapping[str, Any]) -> str:
    """``x-ncp-dataflow-payload`` value: standard Base64 of compact UTF-8 JSON (executeWorkflow)."""
    return base64.b64encode(_encode_json(dict(payload))).decode("ascii")


class DataFlowClient:
    """Async client for the Data Flow REST API (``/api/v1``).

    Args:
        base_url: scheme and host (and port) of the server, e.g.
            ``https://dataflow.apigw.ntruss.com`` or an emulator's ``http://127.0.0.1:8080``.
            ``/api/v1`` is added by the client (a trailing ``/api/v1`` is tolerated).
        access_key: NCP access key id.
        secret_key: NCP secret key (``str`` or ``pydantic.SecretStr``); never logged or shown.
        timeout: seconds per HTTP attempt, or an ``httpx.Timeout``.
        transport: optional httpx transport (``httpx.MockTransport`` in tests, ASGI for an
            in-process emulator).
        retry: automatic retry rules; ``RetryPolicy(max_attempts=1)`` disables retries.
        page_limit: page size used when a list call gets ``limit=None`` (1 or more).
        on_request: called with a :class:`RequestRecord` after every call, success or not.
            Exceptions raised by the hook are logged and ignored.
        read_only: when true, every non-GET call raises :class:`ReadOnlyError` unsent.
        clock: epoch seconds for signing and skew (tests inject a fixed clock).
        sleep: awaitable used to wait between retries (tests inject a recorder).
        monotonic: monotonic seconds used to bound retries by ``retry.total_timeout``.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        access_key: str = "",
        secret_key: str | SecretStr = "",
        *,
        timeout: float | httpx.Timeout = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
        retry: RetryPolicy | None = None,
        page_limit: int = DEFAULT_PAGE_LIMIT,
        on_request: Callable[[RequestRecord], None] | None = None,
        read_only: bool = False,
        clock: Callable[[], float] = time.time,
        sleep: Sleep | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if page_limit < 1:
            raise ValueError("page_limit must be at least 1")
        url = httpx.URL(base_url.strip())
        if url.scheme not in ("http", "https") or not url.host:
            raise ValueError(f"base_url must be an http(s) URL with a host, got {base_url!r}")
        self._origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        base_path = url.raw_path.decode("ascii").split("?", 1)[0].rstrip("/")
        if base_path.endswith(API_PREFIX):
            base_path = base_path[: -len(API_PREFIX)]
        self._prefix = base_path + API_PREFIX
        self.host: str = url.host
        """Host name quoted in network error messages."""
        self.base_url: str = self._origin + base_path
        self._auth = SignatureAuth(access_key, secret_key, clock=clock)
        self._timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self._http = httpx.AsyncClient(
            timeout=self._timeout,
            transport=transport,
            verify=_tls_for(url.scheme),
            headers={"Accept": "application/json", "User-Agent": f"dftui/{__version__}"},
            follow_redirects=False,
        )
        self.retry: RetryPolicy = retry or RetryPolicy()
        self.page_limit: int = page_limit
        self.on_request = on_request
        self.read_only: bool = read_only
        self._clock = clock
        self._sleep: Sleep = sleep or asyncio.sleep
        self._monotonic = monotonic
        self.clock_skew: timedelta | None = None
        """Server ``Date`` minus the local clock, from the latest answer that had one."""
        self._update_job_method = "PATCH"
        self._execution_times_path: str | None = None
        """The getExecutionTimes path that answered (``None`` until one did)."""
        self._repeated = RepeatedAnswers()

    @classmethod
    def from_profile(cls, cfg: ResolvedConfig, **overrides: Any) -> Self:
        """Build a client from a resolved profile; keyword ``overrides`` win over it.

        Overrides are passed to the constructor (``transport=``, ``on_request=``...).
        Raises :class:`AuthError` when no key pair is configured.
        """
        kwargs: dict[str, Any] = {
            "base_url": cfg.api_url or DEFAULT_BASE_URL,
            "access_key": cfg.access_key,
            "secret_key": cfg.secret_key,
            "read_only": cfg.read_only,
        }
        kwargs.update(overrides)
        secret = kwargs.get("secret_key")
        secret_value = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
        if not kwargs.get("access_key") or not secret_value:
            raise AuthError(
                "No credentials: set an access key and a secret key for this profile "
                "(or NCLOUD_ACCESS_KEY / NCLOUD_SECRET_KEY)",
                source="client",
                code="no-credentials",
            )
        return cls(**kwargs)

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the shared connection pool."""
        await self._http.aclose()

    @property
    def access_key(self) -> str:
        return self._auth.access_key

    def __repr__(self) -> str:
        return (
            f"DataFlowClient(base_url={self.base_url!r}, access_key={mask_key(self.access_key)!r}, "
            f"read_only={self.read_only!r})"
        )

    # ------------------------------------------------------------- transport core

    def _redactions(self) -> list[str]:
        """Text that must never reach an error message, even if a server echoes it: the secret,
        URL-encoded and Base64-encoded too (``dftui.config.redact.secret_forms``)."""
        from dftui.config.redact import secret_forms  # computed per error: never kept on the client

        return secret_forms(self._auth.secret_value())

    def _now(self) -> datetime:
        return datetime.fromtimestamp(self._clock(), KST)

    def _observe_date(self, response: httpx.Response) -> None:
        header = response.headers.get("date")
        if not header:
            return
        try:
            server = parsedate_to_datetime(header)
        except (TypeError, ValueError, IndexError):
            return
        if server.tzinfo is None:
            return
        self.clock_skew = server - self._now()

    def _emit(self, record: RequestRecord) -> None:
        if self.on_request is None:
            return
        try:
            self.on_request(record)
        except Exception:  # a broken observer must not break the call
            logger.exception("on_request hook failed")

    async def _call(
        self,
        operation: str,
        method: str,
        path: str,
        parse: Callable[[httpx.Response, str, str], T],
        *,
        params: Params = (),
        body: Body | None = None,
        send_body: bool = False,
        headers: Mapping[str, str] | None = None,
        retry_class: RetryClass = RetryClass.IDEMPOTENT,
    ) -> T:
        """Send one logical call (with retries), parse the answer, report a record."""
        query = encode_query(params)
        target = self._prefix + path + (f"?{query}" if query else "")
        url = self._origin + target
        started_at = self._now()
        started = self._monotonic()
        retries = 0
        status: int | None = None
        request_id: str | None = None

        def finish(error: DataFlowError | None) -> None:
            latency_ms = (self._monotonic() - started) * 1000
            self._emit(
                RequestRecord(
                    at=started_at,
                    method=method,
                    path=target,
                    status=status,
                    latency_ms=latency_ms,
                    retries=retries,
                    error_kind=error.kind.value if error else None,
                    request_id=(error.request_id if error and error.request_id else request_id),
                    operation=operation,
                    error_source=error.source if error else None,
                    error_code=error.code if error else None,
                )
            )
            if error is None:
                logger.debug(
                    "%s %s -> %s in %.1f ms (retries=%d)", method, target, status, latency_ms, retries
                )
            else:
                logger.debug(
                    "%s %s -> %s %s in %.1f ms (retries=%d)",
                    method,
                    target,
                    status if status is not None else "no answer",
                    error.kind.value,
                    latency_ms,
                    retries,
                )

        if retry_class is RetryClass.IDEMPOTENT and method != "GET":
            # PUT/PATCH/DELETE: repeated after a gateway 429 only (docs/api-contract.md, Retries
            # and idempotency: only reads are repeated after a 5xx, a timeout or a lost answer)
            retry_class = RetryClass.WRITE
        error: DataFlowError
        if self.read_only and method != "GET":
            error = read_only_error(method, target)
            finish(error)
            raise error

        content: bytes | None = None
        request_headers: dict[str, str] = dict(headers or {})
        if send_body:
            content = _encode_json(_body_json(body) or {})
            request_headers["Content-Type"] = "application/json"

        while True:
            response: httpx.Response | None = None
            status = request_id = None  # describe the final attempt only
            try:
                request = self._http.build_request(method, url, content=content, headers=request_headers)
                response = await self._http.send(request, auth=self._auth)
            except httpx.TimeoutException as exc:
                error = timeout_error(exc, method, target, self.host, self._timeout.read, retries)
                error.__cause__ = exc
            except httpx.TransportError as exc:
                error = network_error(exc, method, target, self.host, retries, redact=self._redactions())
                error.__cause__ = exc
            except httpx.RequestError as exc:  # undecodable body, redirect loop: an answer, but unusable
                error = UnexpectedResponseError(
                    f"The answer from {self.host} could not be read ({type(exc).__name__})",
                    source="unknown",
                    code="unreadable-response",
                    method=method,
                    path=target,
                    retries=retries,
                )
                error.__cause__ = exc
            else:
                self._observe_date(response)
                status = response.status_code
                request_id = response.headers.get("x-ncp-request-id")
                if response.is_success:
                    try:
                        if len(response.content) > THREAD_PARSE_BYTES:
                            result = await self._parse_big(parse, response, method, target)
                        else:
                            result = parse(response, method, target)
                    except DataFlowError as parse_error:
                        parse_error.retries = retries
                        finish(parse_error)
                        raise
                    finish(None)
                    return result
                error = parse_error_response(
                    response,
                    method,
                    target,
                    retries,
                    clock_skew=self.clock_skew,
                    redact=self._redactions(),
                )

            if retries + 1 >= self.retry.max_attempts or not self.retry.should_retry(retry_class, error):
                finish(error)
                raise error
            delay = parse_retry_after(response.headers, self._now()) if response is not None else None
            if delay is None:
                delay = self.retry.backoff_delay(retries + 1)
            if self._monotonic() - started + delay > self.retry.total_timeout:
                finish(error)
                raise error
            logger.debug("%s %s: %s; retrying in %.2f s", method, target, error.kind.value, delay)
            await self._sleep(delay)
            retries += 1

    # ---------------------------------------------------------------- parsers

    async def _parse_big(
        self,
        parse: Callable[[httpx.Response, str, str], T],
        response: httpx.Response,
        method: str,
        target: str,
    ) -> T:
        """``parse`` in a worker thread, unless a GET brought back the very bytes of its last answer
        and the object they gave is still in use (:mod:`dftui.api.repeated_answers`)."""
        if method != "GET":
            return await self._parse_in_thread(parse, response, method, target)
        model = getattr(parse, "model", None)
        key = f"{target} {getattr(model, '__qualname__', '')}"
        fingerprint = await asyncio.to_thread(digest, response.content)
        known = self._repeated.recall(key, fingerprint)
        if known is not None:
            logger.debug(
                "%s %s: the same %d bytes as last time; not parsed again",
                method,
                target,
                len(response.content),
            )
            return cast(T, known)
        result = await self._parse_in_thread(parse, response, method, target)
        self._repeated.remember(key, fingerprint, result)
        return result

    @staticmethod
    async def _parse_in_thread(
        parse: Callable[[httpx.Response, str, str], T], response: httpx.Response, method: str, target: str
    ) -> T:
        """``parse`` in a worker thread; a model's validator is built here first (pydantic builds a
        deferred validator on first use, and two threads must not build the same one at once)."""
        model = getattr(parse, "model", None)
        if isinstance(model, type) and issubclass(model, BaseModel) and not model.__pydantic_complete__:
            model.model_rebuild()
        return await asyncio.to_thread(parse, response, method, target)

    @staticmethod
    def _json(response: httpx.Response, method: str, target: str) -> Any:
        try:
            return response.json()
        except ValueError as exc:
            raise UnexpectedResponseError(
                f"The server's answer to {method} {target.split('?', 1)[0]} is not valid JSON",
                status=response.status_code,
                source="unknown",
                code="invalid-json",
                details=response.text[:300],
                method=method,
                path=target,
            ) from exc

    @classmethod
    def _model(cls, model: type[ModelT]) -> Callable[[httpx.Response, str, str], ModelT]:
        def parse(response: httpx.Response, method: str, target: str) -> ModelT:
            data = cls._json(response, method, target)
            try:
                return model.model_validate(data)
            except ValidationError as exc:
                raise UnexpectedResponseError(
                    f"The server's answer to {method} {target.split('?', 1)[0]} does not have the "
                    f"expected shape ({exc.error_count()} problem(s), first: {exc.errors()[0]['msg']})",
                    status=response.status_code,
                    source="unknown",
                    code="invalid-shape",
                    method=method,
                    path=target,
                ) from exc

        parse.model = model  # type: ignore[attr-defined]  # built on the loop before a thread parses
        return parse

    @staticmethod
    def _true(response: httpx.Response, method: str, target: str) -> bool:
        """Accept ``true``, an empty body or 204; ``false`` is a failure.

        (docs/api-contract.md, Success status codes and bodies)
        """
        if response.status_code == 204 or not response.content.strip():
            return True
        try:
            data = response.json()
        except ValueError:
            data = response.text.strip().lower()
        if data is False or data == "false":
            raise UnexpectedResponseError(
                "server returned false",
                status=response.status_code,
                source="service",
                code="returned-false",
                message="server returned false",
                method=method,
                path=target,
            )
        return True

    # ---------------------------------------------------------------- pagination

    def _limit(self, limit: int | None) -> int:
        value = self.page_limit if limit is None else limit
        if value < 1:
            raise ValueError("limit must be at least 1")
        return value

    def _page_params(self, page: int, limit: int | None) -> list[tuple[str, Any]]:
        if page < 0:
            raise ValueError("page must be 0 or more")
        return [("page", page), ("limit", self._limit(limit))]

    async def iter_pages(
        self,
        fetch: PageFetcher,
        *args: Any,
        limit: int | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
        expected_pages: int = 0,
        concurrency: int = PAGE_CONCURRENCY,
        **kwargs: Any,
    ) -> AsyncIterator[Page[Any]]:
        """Yield every page of a list method, starting at page 0.

        ``fetch`` is one of the list methods (``client.get_jobs``...); ``args``/``kwargs``
        are passed through (e.g. the job id, ``name=``). Stops at an empty page, a page
        shorter than the echoed ``limit``, or after ``max_pages`` pages. ``expected_pages``:
        how many pages the list is thought to have; after page 0 they are asked for at once.
        ``concurrency``: later pages in flight at once; 1 for a caller that expects to stop
        after a page or two (each page asked ahead would be a request for nothing).
        """
        pages = _iter_pages(
            fetch,
            *args,
            limit=self._limit(limit),
            max_pages=max_pages,
            expected_pages=expected_pages,
            concurrency=concurrency,
            **kwargs,
        )
        async for page in pages:
            yield page

    async def collect_all(
        self,
        fetch: PageFetcher,
        *args: Any,
        limit: int | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
        **kwargs: Any,
    ) -> list[Any]:
        """All items of a list method, de-duplicated by id (first occurrence kept)."""
        return await _collect_all(fetch, *args, limit=self._limit(limit), max_pages=max_pages, **kwargs)

    # ---------------------------------------------------------------- dashboard

    @staticmethod
    def _period(start: datetime, end: datetime) -> list[tuple[str, Any]]:
        return [("startDate", format_query_datetime(start)), ("endDate", format_query_datetime(end))]

    async def get_execution_result(self, start: datetime, end: datetime) -> ExecutionResult:
        """Execution totals by outcome in ``[start, end]`` (``GET /stats/executions``).

        Datetimes should be timezone-aware (naive means Korea time); they are sent as
        Korea time without an offset.
        """
        return await self._call(
            "getExecutionResult",
            "GET",
            "/stats/executions",
            self._model(ExecutionResult),
            params=self._period(start, end),
        )

    async def get_execution_count(self, start: datetime, end: datetime) -> ExecutionCount:
        """Executions per day bucket (``GET /stats/executions-interval``)."""
        return await self._call(
            "getExecutionCount",
            "GET",
            "/stats/executions-interval",
            self._model(ExecutionCount),
            params=self._period(start, end),
        )

    async def get_execution_times(self, start: datetime, end: datetime) -> ExecutionTimes:
        """Executions per time bucket (``GET /stats/execution-times``).

        If the gateway answers that path with its 404 (code 300: no such API), the guide pages'
        spelling ``/stats/executions-times`` is tried once; whichever path answered is used for
        the rest of this client's life (docs/api-contract.md, getExecutionTimes path).
        """
        params = self._period(start, end)
        if self._execution_times_path is not None:
            return await self._call(
                "getExecutionTimes",
                "GET",
                self._execution_times_path,
                self._model(ExecutionTimes),
                params=params,
            )
        first, fallback = EXECUTION_TIMES_PATHS
        try:
            result = await self._call(
                "getExecutionTimes", "GET", first, self._model(ExecutionTimes), params=params
            )
        except DataFlowError as error:
            if not (error.status == 404 and error.from_gateway and error.gateway_code == "300"):
                raise
            logger.debug("GET %s: no such API; trying %s", first, fallback)
            result = await self._call(
                "getExecutionTimes", "GET", fallback, self._model(ExecutionTimes), params=params
            )
            self._execution_times_path = fallback
            return result
        self._execution_times_path = first
        return result

    # ----------------------------------------------------------------- workflows

    async def get_workflows(self, *, page: int = 0, limit: int | None = None) -> Page[WorkflowListItem]:
        """One page of workflows (``GET /workflows``)."""
        return await self._call(
            "getWorkflows",
            "GET",
            "/workflows",
            self._model(Page[WorkflowListItem]),
            params=self._page_params(page, limit),
        )

    async def get_workflow_by_id(self, workflow_id: str) -> Workflow:
        """One workflow with its nodes (``GET /workflows/{workflowId}``)."""
        return await self._call(
            "getWorkflowById", "GET", f"/workflows/{_segment(workflow_id)}", self._model(Workflow)
        )

    async def create_workflow(self, body: WorkflowWrite | Mapping[str, Any]) -> Workflow:
        """Create a workflow (``POST /workflows``). Never retried after a timeout or 5xx."""
        return await self._call(
            "createWorkflow",
            "POST",
            "/workflows",
            self._model(Workflow),
            body=body,
            send_body=True,
            retry_class=RetryClass.NON_IDEMPOTENT,
        )

    async def update_workflow(self, workflow_id: str, body: WorkflowWrite | Mapping[str, Any]) -> Workflow:
        """Replace a workflow's name and nodes (``PUT /workflows/{workflowId}``)."""
        return await self._call(
            "updateWorkflow",
            "PUT",
            f"/workflows/{_segment(workflow_id)}",
            self._model(Workflow),
            body=body,
            send_body=True,
        )

    async def delete_workflow(self, workflow_id: str) -> bool:
        """Delete a workflow (``DELETE /workflows/{workflowId}``); returns ``True``."""
        return await self._call("deleteWorkflow", "DELETE", f"/workflows/{_segment(workflow_id)}", self._true)

    async def get_workflow_executions(
        self,
        workflow_id: str,
        *,
        page: int = 0,
        limit: int | None = None,
        filter: str | None = None,
    ) -> Page[Execution]:
        """One page of the executions a workflow started (``GET /workflows/{id}/executions``).

        ``filter`` is sent verbatim when given; its server-side meaning is uncertain.
        """
        params = self._page_params(page, limit)
        if filter:
            params.append(("filter", filter))
        return await self._call(
            "getWorkflowExecutions",
            "GET",
            f"/workflows/{_segment(workflow_id)}/executions",
            self._model(Page[Execution]),
            params=params,
        )

    async def execute_workflow(
        self, workflow_id: str, *, payload: Mapping[str, Any] | None = None
    ) -> WorkflowRunAccepted:
        """Start a workflow run (``POST /workflows/{id}/executions``, answered 202).

        No body is sent. ``payload`` (optional) describes the caller and goes, Base64
        encoded, in the unsigned ``x-ncp-dataflow-payload`` header. Never retried after
        a timeout or 5xx: check getWorkflowExecutions instead.
        """
        headers = {"x-ncp-dataflow-payload": encode_payload_header(payload)} if payload is not None else None
        return await self._call(
            "executeWorkflow",
            "POST",
            f"/workflows/{_segment(workflow_id)}/executions",
            self._model(WorkflowRunAccepted),
            headers=headers,
            retry_class=RetryClass.NON_IDEMPOTENT,
        )

    # ---------------------------------------------------------------------- jobs

    async def get_jobs(
        self, *, name: str | None = None, page: int = 0, limit: int | None = None
    ) -> Page[JobListItem]:
        """One page of jobs (``GET /jobs``), optionally filtered by ``name``."""
        params: list[tuple[str, Any]] = [("name", name)] if name else []
        params += self._page_params(page, limit)
        return await self._call("getJobs", "GET", "/jobs", self._model(Page[JobListItem]), params=params)

    async def get_job_by_id(self, job_id: str) -> Job:
        """One job with its nodes and settings (``GET /jobs/{jobId}``)."""
        return await self._call("getJobById", "GET", f"/jobs/{_segment(job_id)}", self._model(Job))

    async def create_job(self, body: JobCreate | Mapping[str, Any]) -> Job:
        """Create a job (``POST /jobs``). Never retried after a timeout or 5xx."""
        return await self._call(
            "createJob",
            "POST",
            "/jobs",
            self._model(Job),
            body=body,
            send_body=True,
            retry_class=RetryClass.NON_IDEMPOTENT,
        )

    async def update_job(self, job_id: str, body: JobUpdate | Mapping[str, Any]) -> Job:
        """Update a job (``PATCH /jobs/{jobId}``, falling back to ``PUT`` once).

        If the server answers 405, or a gateway 404 with code 300, the same body is sent
        once more with ``PUT`` and ``"isTemp": false`` added (servers that follow the older
        docs). The answer is remembered: later updates on this client go straight to ``PUT``.
        The refused ``PATCH`` and the ``PUT`` are reported to ``on_request`` as two records
        (docs/api-contract.md, updateJob method).
        """
        data = _body_json(body) or {}
        path = f"/jobs/{_segment(job_id)}"
        if self._update_job_method == "PATCH":
            try:
                return await self._call(
                    "updateJob", "PATCH", path, self._model(Job), body=data, send_body=True
                )
            except DataFlowError as error:
                refused = error.status == 405 or (
                    error.status == 404 and error.from_gateway and error.gateway_code == "300"
                )
                if not refused:
                    raise
            logger.debug("PATCH %s refused; falling back to PUT", path)
            self._update_job_method = "PUT"
        put_body = {**data}
        put_body.setdefault("isTemp", False)
        return await self._call("updateJob", "PUT", path, self._model(Job), body=put_body, send_body=True)

    async def delete_job(self, job_id: str) -> bool:
        """Delete a job (``DELETE /jobs/{jobId}``); returns ``True``."""
        return await self._call("deleteJob", "DELETE", f"/jobs/{_segment(job_id)}", self._true)

    async def verify_job(self, body: JobVerify | Mapping[str, Any]) -> bool:
        """Validate a job definition without saving it (``POST /jobs/verify``).

        Returns ``True``; an invalid definition raises :class:`BadParameterError` whose
        message names the first failing rule. Retried like a read, since nothing is saved.
        """
        return await self._call(
            "verifyJob",
            "POST",
            "/jobs/verify",
            self._true,
            body=body,
            send_body=True,
            retry_class=RetryClass.READ_ONLY_POST,
        )

    async def execute_job(
        self,
        job_id: str,
        body: ExecuteJobRequest | Mapping[str, Any] | None = None,
        *,
        trigger_id: str | None = None,
        workflow_id: str | None = None,
    ) -> Execution:
        """Run a job (``POST /jobs/{jobId}/executions``); returns the new READY execution.

        ``body`` carries per-run settings; ``None`` sends ``{}`` (use saved settings).
        ``trigger_id``/``workflow_id`` go in the query string. Never retried after a
        timeout or 5xx: check getJobExecutions instead.
        """
        return await self._call(
            "executeJob",
            "POST",
            f"/jobs/{_segment(job_id)}/executions",
            self._model(Execution),
            params=[("triggerId", trigger_id), ("workflowId", workflow_id)],
            body=body,
            send_body=True,
            retry_class=RetryClass.NON_IDEMPOTENT,
        )

    async def get_job_executions(
        self, job_id: str, *, page: int = 0, limit: int | None = None
    ) -> Page[Execution]:
        """One page of a job's executions, newest first (``GET /jobs/{jobId}/executions``)."""
        return await self._call(
            "getJobExecutions",
            "GET",
            f"/jobs/{_segment(job_id)}/executions",
            self._model(Page[Execution]),
            params=self._page_params(page, limit),
        )

    async def get_job_execution_by_id(self, job_id: str, execution_id: str) -> Execution:
        """One execution (``GET /jobs/{jobId}/executions/{executionId}``)."""
        return await self._call(
            "getJobExecutionById",
            "GET",
            f"/jobs/{_segment(job_id)}/executions/{_segment(execution_id)}",
            self._model(Execution),
        )

    async def update_job_execute_config(
        self, job_id: str, job_condition: JobCondition | JobExecuteConfig | Mapping[str, Any]
    ) -> Job:
        """Save a job's default execution settings (``PUT /jobs/{jobId}/executions``).

        Pass the settings (a :class:`JobCondition` or its dict); they are wrapped as
        ``{"jobCondition": ...}``. A :class:`JobExecuteConfig` or a dict that already has a
        ``jobCondition`` key is sent as is. Send complete settings for older servers.
        """
        if isinstance(job_condition, JobExecuteConfig):
            body: dict[str, Any] = job_condition.to_json()
        else:
            condition = _body_json(job_condition) or {}
            body = condition if "jobCondition" in condition else {"jobCondition": condition}
        return await self._call(
            "updateJobExecuteConfig",
            "PUT",
            f"/jobs/{_segment(job_id)}/executions",
            self._model(Job),
            body=body,
            send_body=True,
        )

    async def cancel_job_execution(self, job_id: str, execution_id: str) -> bool:
        """Ask to cancel a READY or RUNNING execution (``POST .../{executionId}/cancel``).

        Returns ``True`` once accepted; poll the execution until it is final. Never
        retried after a timeout or 5xx.
        """
        return await self._call(
            "cancelJobExecution",
            "POST",
            f"/jobs/{_segment(job_id)}/executions/{_segment(execution_id)}/cancel",
            self._true,
            retry_class=RetryClass.NON_IDEMPOTENT,
        )

    # ------------------------------------------------------------------ triggers

    async def get_triggers(
        self, *, name: str | None = None, page: int = 0, limit: int | None = None
    ) -> Page[Trigger]:
        """One page of triggers (``GET /triggers``), optionally filtered by ``name``."""
        params: list[tuple[str, Any]] = [("name", name)] if name else []
        params += self._page_params(page, limit)
        return await self._call("getTriggers", "GET", "/triggers", self._model(Page[Trigger]), params=params)

    async def get_trigger_by_id(self, trigger_id: str) -> Trigger:
        """One trigger (``GET /triggers/{triggerId}``)."""
        return await self._call(
            "getTriggerById", "GET", f"/triggers/{_segment(trigger_id)}", self._model(Trigger)
        )

    async def create_trigger(self, body: TriggerCreate | Mapping[str, Any]) -> Trigger:
        """Create a trigger (``POST /triggers``). Never retried after a timeout or 5xx."""
        return await self._call(
            "createTrigger",
            "POST",
            "/triggers",
            self._model(Trigger),
            body=body,
            send_body=True,
            retry_class=RetryClass.NON_IDEMPOTENT,
        )

    async def delete_trigger(self, trigger_id: str) -> bool:
        """Delete a trigger (``DELETE /triggers/{triggerId}``); returns ``True``."""
        return await self._call("deleteTrigger", "DELETE", f"/triggers/{_segment(trigger_id)}", self._true)


def _tls_for(scheme: str) -> ssl.SSLContext | bool:
    """TLS settings for a base URL: httpx's default (verify against the CA bundle) for https.

    A plain-http base URL (the emulator) never uses TLS, and loading the CA bundle costs about
    30 ms of start-up: it gets a client context that trusts nothing, so it could never be used to
    talk to anyone without verification.
    """
    return True if scheme == "https" else ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
