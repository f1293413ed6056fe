"""Webhook test helpers: a real HTTP receiver on loopback, and endpoints pointing at it."""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@pytest.fixture(autouse=True)
def _loopback_receivers_allowed(settings):
    """The receivers of these tests live on 127.0.0.1; SSRF tests switch this off again."""
    settings.HERALD_WEBHOOKS_ALLOW_PRIVATE = True


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool | None


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"ok"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    trickle: bool = False  # send the headers, then the body a byte every 0.2 s


class Receiver:
    """An integrator's webhook receiver: records requests, answers from a script.

    With `secret` set it checks `Herald-Signature` the way an integrator would, using
    Herald's published helper, and answers 400 to a request whose signature does not verify.
    """

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.replies: deque[Reply] = deque()
        self.secret: str | None = None
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                from organizations.webhooks.signing import webhook_signature_verify

                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                signature_ok = None
                if receiver.secret is not None:
                    signature_ok = webhook_signature_verify(
                        body, self.headers.get("Herald-Signature", ""), receiver.secret
                    )
                with receiver.lock:
                    receiver.requests.append(
                        Received(self.path, dict(self.headers.items()), body, signature_ok)
                    )
                    reply = receiver.replies.popleft() if receiver.replies else Reply()
                if signature_ok is False:
                    reply = Reply(400, b"bad signature")
                time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    if reply.trickle:
                        self.send_header("Content-Length", "100")
                        self.end_headers()
                        for _ in range(100):
                            self.wfile.write(b"x")
                            self.wfile.flush()
                            time.sleep(0.2)
                        return
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except OSError:
                    pass  # Herald hung up (timeout): as a real receiver would see it

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/herald"

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.requests


@pytest.fixture
def receiver():
    rx = Receiver()
    rx.thread.start()
    try:
        yield rx
    finally:
        rx.server.shutdown()
        rx.server.server_close()


@pytest.fixture
def endpoint(org, admin, receiver):
    """An active endpoint of `org` subscribed to every event, pointing at the receiver."""
    from organizations.webhooks.services import webhook_endpoint_create

    created = webhook_endpoint_create(org=org, actor=admin, url=receiver.url)
    receiver.secret = created.secret
    return created


def make_due(delivery) -> None:
    """Skip the backoff wait: the next attempt is due now (no sleeping in tests)."""
    from django.utils import timezone

    from organizations.models import WebhookDelivery

    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def queue_delivery(org, endpoint, event_type="post.published", data=None):
    """An outbox row, as `webhook_emit` writes it, without enqueueing a task."""
    from organizations.models import WebhookDelivery
    from organizations.webhooks.services import webhook_emit

    webhook_emit(org=org, event_type=event_type, data=data or {"post_id": 1})
    return WebhookDelivery.objects.for_org(org).filter(endpoint=endpoint).latest("created_at")


def outbox_row(org, endpoint, **fields):
    """A due outbox row for exactly this endpoint, written directly."""
    from django.utils import timezone

    from organizations.models import WebhookDelivery

    fields.setdefault("event_type", "post.published")
    fields.setdefault("payload", {"type": fields["event_type"], "data": {}})
    fields.setdefault("next_attempt_at", timezone.now())
    return WebhookDelivery.objects.create(organization=org, endpoint=endpoint, **fields)
