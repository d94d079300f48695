"""TLS: https verifies against the CA bundle; plain http (the emulator) skips loading it, safely."""

from __future__ import annotations

import ssl

from dftui.api import DataFlowClient


def _context(client: DataFlowClient) -> ssl.SSLContext:
    context = client._http._transport._pool._ssl_context  # type: ignore[attr-defined]
    assert isinstance(context, ssl.SSLContext)
    return context


async def test_https_verifies_against_the_ca_bundle() -> None:
    client = DataFlowClient("https://dataflow.apigw.ntruss.com", "AK", "SK")
    try:
        context = _context(client)
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert context.cert_store_stats()["x509_ca"] > 0
    finally:
        await client.aclose()


async def test_plain_http_gets_a_context_that_still_verifies_and_trusts_nothing() -> None:
    client = DataFlowClient("http://127.0.0.1:9", "AK", "SK")
    try:
        context = _context(client)
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
        assert context.cert_store_stats()["x509_ca"] == 0
    finally:
        await client.aclose()
