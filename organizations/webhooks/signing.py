"""Signing webhook payloads, and checking them on the receiving side.

The scheme is Stripe's (https://docs.stripe.com/webhooks#verify-manually): the header

    Herald-Signature: t=<unix timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>">

is keyed with the endpoint's signing secret (`whsec_...`). Receivers recompute the HMAC over
the raw request body (before any JSON parsing), compare in constant time, and refuse a
timestamp older than a few minutes so a captured request cannot be replayed later.

`webhook_signature_verify` is self-contained (standard library only) so integrators can copy
it as it is.
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Herald-Signature"
SCHEME = "v1"
DEFAULT_TOLERANCE_SECONDS = 300


def webhook_signature(*, secret: str, timestamp: int, payload: bytes) -> str:
    signed = str(timestamp).encode() + b"." + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def webhook_signature_header(*, secret: str, payload: bytes, timestamp: int | None = None) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    return f"t={ts},{SCHEME}={webhook_signature(secret=secret, timestamp=ts, payload=payload)}"


def webhook_signature_verify(
    payload: bytes,
    header: str,
    secret: str,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    *,
    now: float | None = None,
) -> bool:
    """True when `header` is a valid Herald-Signature of `payload` made within `tolerance` s.

    Accepts several `v1=` values (any may match), ignores unknown schemes, and refuses a
    missing or malformed timestamp.
    """
    timestamp: int | None = None
    candidates: list[str] = []
    for part in (header or "").split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif key == SCHEME:
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    current = time.time() if now is None else now
    if tolerance > 0 and abs(current - timestamp) > tolerance:
        return False
    expected = webhook_signature(secret=secret, timestamp=timestamp, payload=payload)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)
