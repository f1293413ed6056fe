"""The HTTP side of webhook delivery: one signed POST, with hard limits.

- The URL passes the SSRF guard again right before sending, and the connection goes to the
  address that was checked (see `ssrf.py`).
- Connecting (TCP and TLS) may take `CONNECT_TIMEOUT` seconds; the whole exchange at most
  `TOTAL_TIMEOUT`, enforced by a watchdog that closes the socket, so a receiver that trickles
  its answer a byte at a time cannot hold a worker.
- Redirects are never followed: a 3xx is a failed attempt like any other non-2xx.
- Only the first bytes of the answer are read; the delivery log keeps 500 characters.

Only the standard library is used, so the pinning of the address is explicit and visible.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field

from organizations.webhooks.ssrf import ResolvedUrl, UnsafeUrlError, check_url

CONNECT_TIMEOUT = 3.0
TOTAL_TIMEOUT = 10.0
RESPONSE_EXCERPT_CHARS = 500
_READ_LIMIT = 4096
USER_AGENT = "Herald-Webhooks/1.0"


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WebhookResponse:
    status_code: int | None
    body_excerpt: str
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return not self.error and self.status_code is not None and 200 <= self.status_code < 300


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to a fixed address; the Host header still names the host."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed address; SNI and certificate checks use the host name."""

    def __init__(
        self, host: str, port: int, *, address: str, timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address
        self._tls = context

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        try:
            self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)
        except BaseException:
            raw.close()
            raise


def _connection(target: ResolvedUrl, address: str) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(
            target.host,
            target.port,
            address=address,
            timeout=CONNECT_TIMEOUT,
            context=ssl.create_default_context(),
        )
    return _PinnedHTTPConnection(target.host, target.port, address=address, timeout=CONNECT_TIMEOUT)


def _connect(target: ResolvedUrl, deadline: float) -> http.client.HTTPConnection:
    """Connect to the first address that answers; raise the last error if none does."""
    last_error: OSError = ConnectionError("The host has no address.")
    for address in target.addresses:
        if time.monotonic() >= deadline:
            raise TimeoutError("timed out")
        conn = _connection(target, address)
        try:
            conn.connect()
        except OSError as exc:
            conn.close()
            last_error = exc
            continue
        return conn
    raise last_error


def _describe(exc: BaseException, *, timed_out: bool, connected: bool) -> str:
    if timed_out or isinstance(exc, TimeoutError):
        if connected:
            return f"Timed out: no complete answer within {TOTAL_TIMEOUT:g} s."
        return f"Timed out: could not connect within {CONNECT_TIMEOUT:g} s."
    if isinstance(exc, ConnectionRefusedError):
        return "Connection refused."
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"TLS certificate rejected: {exc.verify_message}."
    if isinstance(exc, ssl.SSLError):
        return f"TLS error: {exc.reason or exc}."
    if isinstance(exc, http.client.HTTPException):
        return f"Invalid HTTP answer: {type(exc).__name__}."
    return f"Connection error: {exc}."


def post_webhook(request: WebhookRequest) -> WebhookResponse:
    """POST `request` once. Never raises for network trouble: the answer says what happened."""
    started = time.monotonic()
    deadline = started + TOTAL_TIMEOUT

    def elapsed_ms() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        target = check_url(request.url)
    except UnsafeUrlError as exc:
        return WebhookResponse(None, "", f"Refused: {exc}", elapsed_ms())

    conn: http.client.HTTPConnection | None = None
    aborted = threading.Event()
    watchdog: threading.Timer | None = None
    try:
        conn = _connect(target, deadline)
        sock = conn.sock
        assert sock is not None

        def abort() -> None:
            aborted.set()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        remaining = max(deadline - time.monotonic(), 0.001)
        sock.settimeout(remaining)
        watchdog = threading.Timer(remaining, abort)
        watchdog.daemon = True
        watchdog.start()

        conn.request("POST", target.path, body=request.body, headers=request.headers)
        response = conn.getresponse()
        raw = response.read(_READ_LIMIT)
        if aborted.is_set():
            raise TimeoutError("timed out")
        excerpt = raw.decode("utf-8", errors="replace")[:RESPONSE_EXCERPT_CHARS]
        return WebhookResponse(response.status, excerpt, "", elapsed_ms())
    except (OSError, http.client.HTTPException) as exc:
        error = _describe(exc, timed_out=aborted.is_set(), connected=conn is not None)
        return WebhookResponse(None, "", error, elapsed_ms())
    finally:
        if watchdog is not None:
            watchdog.cancel()
        if conn is not None:
            conn.close()
