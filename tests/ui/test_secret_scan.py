"""A whole session scanned for the secret key: nothing written or shown may carry it.

The session walks every screen, opens JSON views, the request log, help, watching, the palette
and the new-trigger, new-job and new-workflow forms (a create the server refuses shows its error
in the form), meets errors (a wrong key, dropped answers, and a server that echoes the secret back in
its error body, plainly, URL-encoded and Base64-encoded), saves a screenshot and writes the
debug log the way ``--debug-log`` does. Then every byte is scanned for the secret in any of those
forms and for every request signature the client sent: what Textual wrote to the terminal, each
screen's text, every toast, the screenshot file and the debug log.

(The client's own redaction is checked in tests/api/test_errors.py; this is the full-session net.)
"""

from __future__ import annotations

import base64
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import httpx
import pytest
from textual.notifications import Notify

from dftui.config import SecretMaskFilter
from dftui.emulator import EmulatorServer
from dftui.emulator.faults import FaultConfig
from tests.ui.conftest import SIZE, keys, make_app, make_client, settle
from tests.ui.forms.helpers import form_of, message_shown, type_into
from tests.ui.pages import screen_text
from tests.ui.terminal_tap import tap


def secret_forms(secret: str) -> set[str]:
    """The secret as it could leak: plain, URL-encoded, Base64 (standard and URL-safe, with and
    without padding)."""
    forms = {secret, quote(secret, safe=""), quote(secret), quote_plus(secret)}
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        encoded = encode(secret.encode()).decode()
        forms |= {encoded, encoded.rstrip("=")}
    return forms


class EchoingLink(httpx.AsyncHTTPTransport):
    """Real HTTP; records every signature sent; with ``echo`` set, answers like a broken server
    that puts the request's secret into its error body."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret
        self.echo = False
        self.signatures: set[str] = set()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.signatures.add(request.headers["x-ncp-apigw-signature-v2"])
        if self.echo:
            leaked = " ".join(sorted(secret_forms(self.secret)))
            return httpx.Response(
                500, json={"error": {"errorCode": "900", "message": f"bad key {leaked}", "details": leaked}}
            )
        return await super().handle_async_request(request)


async def test_no_byte_of_a_full_session_carries_the_secret_or_a_signature(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = emulator.secret_key
    written = tap(monkeypatch)
    log_path = tmp_path / "debug.log"
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.addFilter(SecretMaskFilter([secret]))  # what --debug-log attaches
    handler.setLevel(logging.DEBUG)
    logger = logging.getLogger("dftui")
    old_level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    link = EchoingLink(secret)
    app = make_app(emulator, client=make_client(emulator, transport=link))
    shown: list[str] = []
    toasts: list[str] = []

    def hear(message: Any) -> None:
        if isinstance(message, Notify):
            toasts.append(f"{message.notification.title} {message.notification.message}")

    async def look(*names: str) -> None:
        await keys(pilot, *names)
        shown.append(screen_text(app))

    try:
        async with app.run_test(size=SIZE, message_hook=hear) as pilot:
            await settle(pilot)
            for step in (
                ("1",),
                ("2",),
                ("enter",),
                ("J",),
                ("escape",),
                ("escape",),
                ("3",),
                ("enter",),
                ("enter",),
                ("J",),
                ("escape",),
                ("w",),
                ("W",),
                ("escape", "escape", "escape"),
                ("4",),
                ("enter",),
                ("escape",),
                ("question_mark",),
                ("escape",),
                ("L",),
            ):
                await look(*step)
            await look("escape", "3")
            link.echo = True  # a server that echoes the secret
            await look("r")
            # the forms: a write the echoing server refuses shows its error inside the form
            await look("4", "n")
            await type_into(pilot, "name", "scan_trigger")
            await look("ctrl+s")
            shown.append(message_shown(form_of(app)))
            await look("escape", "y")
            await look("3", "n")
            await look("escape")
            await look("2", "n")
            await look("escape")
            link.echo = False
            emulator.set_faults(FaultConfig(drop_rate=1.0))
            await look("r")
            emulator.set_faults(FaultConfig(clock_skew_s=600))
            await look("r")
            emulator.set_faults(None)
            await look("L")
            app.save_screenshot(filename="session.svg", path=str(tmp_path))
            await look("escape", "1")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        handler.close()

    assert len(link.signatures) > 10 and any("bad key" in t or "unexpected" in t.lower() for t in toasts)
    assert "POST /api/v1/triggers" in [f"{r.method} {r.path}" for r in app.session.requests], (
        "a form was sent"
    )
    sources = {
        "terminal output": "".join(written),
        "screens": "\n".join(shown),
        "toasts": "\n".join(toasts),
        "screenshot": (tmp_path / "session.svg").read_text(encoding="utf-8"),
        "debug log": log_path.read_text(encoding="utf-8"),
    }
    assert "GET /api/v1/jobs" in sources["debug log"], "the debug log was written"
    for name, text in sources.items():
        for form in secret_forms(secret):
            assert form not in text, f"the secret ({form[:4]}…) is in the {name}"
        for signature in link.signatures:
            assert signature not in text, f"a request signature is in the {name}"
