"""The signature scheme, from a receiver's point of view."""

from __future__ import annotations

import hashlib
import hmac

from organizations.webhooks.signing import (
    webhook_signature_header,
    webhook_signature_verify,
)

SECRET = "whsec_test_secret"
BODY = b'{"id":"evt","type":"ping"}'


def test_the_header_is_stripes_scheme_with_hmac_sha256_over_timestamp_dot_body():
    header = webhook_signature_header(secret=SECRET, payload=BODY, timestamp=1_700_000_000)

    expected = hmac.new(SECRET.encode(), b"1700000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"


def test_a_fresh_signature_verifies():
    header = webhook_signature_header(secret=SECRET, payload=BODY)

    assert webhook_signature_verify(BODY, header, SECRET)


def test_a_tampered_body_a_wrong_secret_or_a_garbled_header_does_not_verify():
    header = webhook_signature_header(secret=SECRET, payload=BODY)

    assert not webhook_signature_verify(BODY.replace(b"ping", b"pong"), header, SECRET)
    assert not webhook_signature_verify(BODY, header, "whsec_other")
    assert not webhook_signature_verify(BODY, "", SECRET)
    assert not webhook_signature_verify(BODY, "t=abc,v1=00", SECRET)
    assert not webhook_signature_verify(BODY, header.split(",")[1], SECRET)  # no timestamp


def test_an_old_or_future_timestamp_is_refused_as_a_replay():
    header = webhook_signature_header(secret=SECRET, payload=BODY, timestamp=1_700_000_000)

    assert webhook_signature_verify(BODY, header, SECRET, now=1_700_000_000 + 299)
    assert not webhook_signature_verify(BODY, header, SECRET, now=1_700_000_000 + 301)
    assert not webhook_signature_verify(BODY, header, SECRET, now=1_700_000_000 - 301)
    assert webhook_signature_verify(BODY, header, SECRET, tolerance=600, now=1_700_000_000 + 500)


def test_any_of_several_v1_signatures_may_match_and_unknown_schemes_are_ignored():
    good = webhook_signature_header(secret=SECRET, payload=BODY, timestamp=1_700_000_000)
    ts, v1 = good.split(",")
    header = f"{ts},v0=deadbeef,v1={'0' * 64},{v1}"

    assert webhook_signature_verify(BODY, header, SECRET, now=1_700_000_000)
