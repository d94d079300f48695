"""A server that echoes the secret back, plain, Base64- or URL-encoded, cannot get it into an
error, a record or a log line (dftui.config.redact.secret_forms, DataFlowClient._redactions)."""

from __future__ import annotations

import base64
import logging
import re
from urllib.parse import quote, quote_plus

import httpx
import pytest

from dftui.api import DataFlowClient, DataFlowError, RetryPolicy
from dftui.config import SecretMaskFilter
from dftui.config.redact import secret_forms

from .conftest import ACCESS_KEY, FIXED_EPOCH, MockServer

# '/', '+' and '=' make the URL-encoded and URL-safe Base64 forms differ from the plain ones
SECRET = "EXAMPLEsecret/KEY+0123456789=abcdefEXAMPLE"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


ECHOES = {
    "plain": SECRET,
    "base64": _b64(SECRET.encode()),
    "base64 unpadded": _b64(SECRET.encode()).rstrip("="),
    "urlsafe base64": base64.urlsafe_b64encode(SECRET.encode()).decode(),
    # inside a longer Base64 text the secret's spelling depends on where it starts
    "base64 of a longer text, offset 1": _b64(b"k" + SECRET.encode() + b"tail"),
    "base64 of a longer text, offset 2": _b64(b"ke" + SECRET.encode() + b"tail"),
    "base64 of a header dump": _b64(f"x-secret: {SECRET}\n".encode()),
    "url-encoded": quote(SECRET, safe=""),
    "url-encoded, / kept": quote(SECRET),
    "url-encoded, lower-case escapes": re.sub(
        r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), quote(SECRET, safe="")
    ),
    "form-encoded": quote_plus(SECRET),
}
FORBIDDEN = [
    *sorted({SECRET, *ECHOES.values()} - {ECHOES["base64 of a header dump"]}),
    _b64(SECRET.encode())[:-4],  # any long run of the secret's Base64 text
]


def _leaks(text: str) -> bool:
    """Whether ``text`` shows the secret: plainly, in an encoded form, or inside any Base64 run
    (decoded at each of the four character offsets, standard and URL-safe alphabets)."""
    if any(forbidden in text for forbidden in FORBIDDEN):
        return True
    for run in re.findall(r"[A-Za-z0-9+/_-]{16,}", text):
        for start in range(4):
            chunk = run[start:]
            chunk = chunk[:-1] if len(chunk) % 4 == 1 else chunk
            chunk += "=" * (-len(chunk) % 4)
            for decode in (base64.b64decode, base64.urlsafe_b64decode):
                try:
                    if SECRET.encode() in decode(chunk):
                        return True
                except ValueError:
                    pass
    return False


def _answers(echo: str) -> list[httpx.Response | Exception]:
    return [
        httpx.Response(401, json={"error": {"errorCode": "200", "message": f"bad {echo}", "details": echo}}),
        httpx.Response(
            400,
            json={
                "type": "about:blank",
                "status": 400,
                "detail": f"{{k={echo}}}: no",
                "errorType": "bad-parameter",
                "instance": f"/dataflow/api/{echo}",
            },
        ),
        httpx.Response(502, text=f"<html><pre>upstream said {echo}</pre></html>"),
        httpx.Response(503, text="x" * 290 + echo),  # the 300-character snippet would cut it in half
        httpx.ConnectError(f"boom {echo}"),
    ]


@pytest.mark.parametrize("form", sorted(ECHOES))
async def test_no_form_of_the_secret_reaches_error_text_records_or_logs(
    form: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    answers = _answers(ECHOES[form])
    server = MockServer().reply(*answers)
    records: list = []
    errors: list[DataFlowError] = []
    async with DataFlowClient(
        "https://dataflow.apigw.ntruss.com",
        ACCESS_KEY,
        SECRET,
        transport=server.transport,
        retry=RetryPolicy(max_attempts=1),
        on_request=records.append,
        clock=lambda: FIXED_EPOCH,
    ) as client:
        for _ in answers:
            with pytest.raises(DataFlowError) as caught:
                await client.get_job_by_id("j")
            errors.append(caught.value)
    texts = [caplog.text, repr(records), str(vars(client))]
    for error in errors:
        texts += [str(error), repr(error), error.message, str(error.details), str(vars(error))]
    for text in texts:
        assert not _leaks(text), (form, text)


@pytest.mark.parametrize("form", sorted(ECHOES))
def test_the_log_mask_covers_every_form(form: str) -> None:
    mask = SecretMaskFilter([SECRET])
    masked = mask.mask(f"logged: {ECHOES[form]} end")
    assert not _leaks(masked), masked
    assert _leaks(f"logged: {ECHOES[form]} end")  # the check itself sees every form
    assert masked.startswith("logged: ") and masked.endswith(" end")


def test_forms_are_longest_first_and_leave_ordinary_text_alone() -> None:
    forms = secret_forms(SECRET)
    assert forms == sorted(forms, key=len, reverse=True)
    assert SECRET in forms and quote_plus(SECRET) in forms
    assert SecretMaskFilter([SECRET]).mask("GET /api/v1/jobs?page=0&limit=1000") == (
        "GET /api/v1/jobs?page=0&limit=1000"
    )
    assert secret_forms("") == []
