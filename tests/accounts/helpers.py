"""Small helpers shared by the accounts tests."""

from __future__ import annotations

import re
import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

STRONG_PASSWORD = "Brand-New-Pass1"


def totp_now(secret: str, *, period: int = 30) -> str:
    """The code an authenticator app shows right now (RFC 6238, SHA-1, 6 digits).

    Near the end of a period it waits for the next one, so the code is still current when
    the server checks it (a test would otherwise fail now and then on the boundary).
    """
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.05)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def link_in(body: str, path_fragment: str) -> str:
    match = re.search(rf"https?://[^\s]+{re.escape(path_fragment)}[^\s]*", body)
    assert match, f"no link with {path_fragment!r} in:\n{body}"
    return match.group(0)


def error_code(response) -> str:
    return response.json()["error"]["code"]
