"""Signature v2 on the wire: published vectors, encoding rules, fresh timestamps.

See docs/api-contract.md, What is signed and Signature test vectors.
"""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dftui.api import DataFlowClient, RetryPolicy, SignatureAuth, encode_query
from dftui.api.signing import request_target, sign
from dftui.timeutil import KST

from .conftest import ACCESS_KEY, FIXED_EPOCH, SECRET_KEY, MockServer

V1_SIGNATURE = "uyH3Fg99Qkz9umoVQy0IXAWPgJQyIw/TbeH0LqsNIec="
V2_SIGNATURE = "rYQM2PlplO6PFBYV8k/rfyuLK7zfmAUlMce5D+lojMw="
V2_DECODED_SIGNATURE = "4VZJ94fwfCEDjotJTBcIFfBpWGHmtOuiN3RGPMRcA5o="
V3_SIGNATURE = "hELcrIvadb9Q1oEKjAzMCriJE9Y0irY+jYmX7skZ2vE="


def _signature_matches_wire(request: httpx.Request) -> bool:
    """Recompute the signature from what the server received, as the gateway does."""
    expected = sign(
        request.method,
        request_target(request.url.raw_path),
        request.headers["x-ncp-apigw-timestamp"],
        request.headers["x-ncp-iam-access-key"],
        SECRET_KEY,
    )
    return request.headers["x-ncp-apigw-signature-v2"] == expected


async def test_v1_get_without_encoding(client: DataFlowClient, server: MockServer) -> None:
    server.json({"list": [], "count": 0, "page": 0, "limit": 1000})
    await client.get_workflows(page=0, limit=1000)
    request = server.last
    assert request.url.raw_path == b"/api/v1/workflows?page=0&limit=1000"
    assert request.headers["x-ncp-apigw-timestamp"] == "1742360400000"
    assert request.headers["x-ncp-iam-access-key"] == ACCESS_KEY
    assert request.headers["x-ncp-apigw-signature-v2"] == V1_SIGNATURE


async def test_v2_dashboard_query_is_signed_encoded(client: DataFlowClient, server: MockServer) -> None:
    server.json({"totalCount": 0, "completedCount": 0, "failedCount": 0})
    await client.get_execution_result(
        datetime(2025, 3, 19, 0, 0, 0, tzinfo=KST), datetime(2025, 3, 20, 23, 59, 59, tzinfo=KST)
    )
    request = server.last
    assert (
        request.url.raw_path
        == b"/api/v1/stats/executions?startDate=2025-03-19T00%3A00%3A00&endDate=2025-03-20T23%3A59%3A59"
    )
    assert request.headers["x-ncp-apigw-signature-v2"] == V2_SIGNATURE
    # The counter-example: the decoded query would be rejected by the gateway.
    decoded = sign(
        "GET",
        "/api/v1/stats/executions?startDate=2025-03-19T00:00:00&endDate=2025-03-20T23:59:59",
        "1742360400000",
        ACCESS_KEY,
        SECRET_KEY,
    )
    assert decoded == V2_DECODED_SIGNATURE
    assert request.headers["x-ncp-apigw-signature-v2"] != decoded


async def test_v3_post_without_body_or_query(client: DataFlowClient, server: MockServer) -> None:
    server.json({"workflowId": "pJ1HCEI7L9ha", "triggerId": "x", "status": "ACCEPTED"}, status=202)
    server.json({"workflowId": "pJ1HCEI7L9ha", "triggerId": "x", "status": "ACCEPTED"}, status=202)
    await client.execute_workflow("pJ1HCEI7L9ha")
    await client.execute_workflow("pJ1HCEI7L9ha", payload={"cloudFunctions": {"actionName": "a"}})
    plain, with_payload = server.requests
    assert plain.url.raw_path == b"/api/v1/workflows/pJ1HCEI7L9ha/executions"
    assert plain.headers["x-ncp-apigw-signature-v2"] == V3_SIGNATURE
    # The payload header is not signed, so the signature does not change.
    assert with_payload.headers["x-ncp-apigw-signature-v2"] == V3_SIGNATURE


async def test_execute_workflow_header_example_of_reference(
    client: DataFlowClient, server: MockServer
) -> None:
    """The executeWorkflow header example: workflow 3tfNLPq8Zx2M, signed with the vector credentials."""
    from .conftest import load_example

    server.json(load_example("executeWorkflow.response.json"), status=202)
    await client.execute_workflow("3tfNLPq8Zx2M", payload=load_example("executeWorkflow.payload-header.json"))
    headers = server.last.headers
    assert headers["x-ncp-apigw-signature-v2"] == "JvZoJcT92cK5+PsMfdXs6cTp8tfB78EkFXYz+QdkOZ4="
    assert headers["x-ncp-dataflow-payload"] == (
        "eyJjbG91ZEZ1bmN0aW9ucyI6eyJhY3Rpb25OYW1lIjoiL25zLWV4YW1wbGUvZGF0YWZsb3ctdHJpZ2dlciIsImFjdGl2YX"
        "Rpb25JZCI6IjNmMWMwYjllOGQ3YTRjNmI5ZThkN2E0YzZiOWU4ZDdhIn19"
    )


async def test_no_trailing_question_mark_without_query(client: DataFlowClient, server: MockServer) -> None:
    server.json(load_trigger())
    await client.get_trigger_by_id("rWOjcWk3Tn9B")
    raw = server.last.url.raw_path
    assert raw == b"/api/v1/triggers/rWOjcWk3Tn9B"
    assert _signature_matches_wire(server.last)
    expected = sign("GET", "/api/v1/triggers/rWOjcWk3Tn9B", "1742360400000", ACCESS_KEY, SECRET_KEY)
    assert server.last.headers["x-ncp-apigw-signature-v2"] == expected


def load_trigger() -> dict[str, object]:
    from .conftest import load_example

    return load_example("getTriggerById.response.json")


def test_encode_query_rfc3986() -> None:
    assert encode_query([("q", "a b")]) == "q=a%20b"
    assert encode_query([("q", "10:00")]) == "q=10%3A00"
    assert encode_query([("q", "a+b")]) == "q=a%2Bb"
    assert encode_query([("q", "A-Za-z0-9-_.~")]) == "q=A-Za-z0-9-_.~"
    assert encode_query([("q", "a/b&c=d?")]) == "q=a%2Fb%26c%3Dd%3F"
    assert encode_query([("q", "필터")]) == "q=%ED%95%84%ED%84%B0"
    assert encode_query([("b", 1), ("a", None), ("c", True)]) == "b=1&c=true"  # order kept, None dropped
    assert encode_query([]) == ""


def test_signature_auth_signs_any_httpx_request_at_send_time() -> None:
    ticks = itertools.count(1742360400000, 1000)
    auth = SignatureAuth(ACCESS_KEY, SECRET_KEY, clock=lambda: next(ticks) / 1000)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=True)

    with httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as http:
        http.get("https://h/api/v1/workflows?page=0&limit=1000")
        http.get("https://h/api/v1/workflows?page=0&limit=1000")
    assert seen[0].headers["x-ncp-apigw-signature-v2"] == V1_SIGNATURE
    assert seen[1].headers["x-ncp-apigw-timestamp"] == "1742360401000"
    assert seen[1].headers["x-ncp-apigw-signature-v2"] != V1_SIGNATURE
    assert all(_signature_matches_wire(r) for r in seen)
    assert SECRET_KEY not in repr(auth)


async def test_every_retry_gets_a_fresh_timestamp_and_valid_signature(fake_time) -> None:
    server = MockServer().reply(
        httpx.Response(503), httpx.Response(503), httpx.Response(200, json=load_trigger())
    )
    ticks = itertools.count(1742360400.0, 1.5)
    async with DataFlowClient(
        "https://dataflow.apigw.ntruss.com",
        ACCESS_KEY,
        SECRET_KEY,
        transport=server.transport,
        retry=RetryPolicy(jitter=False),
        clock=lambda: next(ticks),
        sleep=fake_time.sleep,
        monotonic=fake_time.monotonic,
    ) as api:
        await api.get_trigger_by_id("rWOjcWk3Tn9B")
    stamps = [r.headers["x-ncp-apigw-timestamp"] for r in server.requests]
    assert len(stamps) == 3
    assert len(set(stamps)) == 3
    assert len({r.headers["x-ncp-apigw-signature-v2"] for r in server.requests}) == 3
    assert all(_signature_matches_wire(r) for r in server.requests)


_QUERY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from([*" :+/&=?#%~-_.'\"[]@!$()*,;", "필", "터", "é", "😀", "\t"]),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    min_size=1,
    max_size=24,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_QUERY_TEXT, filter_text=_QUERY_TEXT)
async def test_signed_target_equals_sent_target_for_any_query(name: str, filter_text: str) -> None:
    server = MockServer()
    server.default = lambda request: httpx.Response(200, json={"list": [], "count": 0, "page": 0, "limit": 7})
    async with DataFlowClient(
        "https://dataflow.apigw.ntruss.com",
        ACCESS_KEY,
        SECRET_KEY,
        transport=server.transport,
        clock=lambda: FIXED_EPOCH,
    ) as api:
        await api.get_jobs(name=name, limit=7)
        await api.get_workflow_executions("wf1", filter=filter_text, limit=7)
    jobs_request, executions_request = server.requests
    for request in server.requests:
        raw = request.url.raw_path.decode("ascii")
        assert not raw.endswith("?")
        # Only unreserved characters and %XX escapes reach the wire.
        query = raw.split("?", 1)[1]
        assert all(c.isascii() and (c.isalnum() or c in "-_.~%&=") for c in query)
        assert _signature_matches_wire(request)
    # The server decodes exactly the values we meant, in the order we sent them.
    assert list(jobs_request.url.params.multi_items()) == [("name", name), ("page", "0"), ("limit", "7")]
    assert executions_request.url.params["filter"] == filter_text


async def test_wire_request_line_equals_signed_target() -> None:
    """Through a real socket: the request line the server reads is the string we signed."""
    captured: list[tuple[str, dict[str, str]]] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        captured.append((lines[0], headers))
        body = b'{"list":[],"count":0,"page":0,"limit":1000}'
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    srv = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    try:
        async with DataFlowClient(f"http://127.0.0.1:{port}", ACCESS_KEY, SECRET_KEY) as api:
            await api.get_jobs(name="a b:c+d/é&x=1")
    finally:
        srv.close()
        await srv.wait_closed()
    request_line, headers = captured[0]
    method, target, _ = request_line.split(" ")
    assert target == "/api/v1/jobs?name=a%20b%3Ac%2Bd%2F%C3%A9%26x%3D1&page=0&limit=1000"
    expected = sign(method, target, headers["x-ncp-apigw-timestamp"], ACCESS_KEY, SECRET_KEY)
    assert headers["x-ncp-apigw-signature-v2"] == expected


@pytest.mark.parametrize(
    ("base_url", "expected"),
    [
        ("https://dataflow.apigw.ntruss.com", "https://dataflow.apigw.ntruss.com/api/v1/jobs/abc"),
        ("https://dataflow.apigw.ntruss.com/", "https://dataflow.apigw.ntruss.com/api/v1/jobs/abc"),
        ("https://dataflow.apigw.ntruss.com/api/v1", "https://dataflow.apigw.ntruss.com/api/v1/jobs/abc"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/api/v1/jobs/abc"),
    ],
)
async def test_base_url_gets_api_prefix_once(base_url: str, expected: str) -> None:
    server = MockServer()
    server.default = lambda request: httpx.Response(200, json={"jobId": "abc"})
    async with DataFlowClient(base_url, ACCESS_KEY, SECRET_KEY, transport=server.transport) as api:
        await api.get_job_by_id("abc")
    assert str(server.last.url) == expected


async def test_path_ids_are_percent_encoded(client: DataFlowClient, server: MockServer) -> None:
    server.json({"jobId": "a/b"})
    await client.get_job_by_id("a/b?c")
    assert server.last.url.raw_path == b"/api/v1/jobs/a%2Fb%3Fc"
    assert _signature_matches_wire(server.last)
