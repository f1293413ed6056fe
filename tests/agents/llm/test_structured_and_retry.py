"""Schema checks, strict-mode detection, retry hints and the bounded retry loop."""

from __future__ import annotations

import email.utils
import time

import pytest

from agents.llm.base import PermanentLLMError, TransientLLMError
from agents.llm.retry import (
    LLMTimeoutError,
    backoff_seconds,
    call_with_retries,
    retry_after_seconds,
    status_error,
)
from agents.llm.structured import is_strict_compatible, mismatch_reason, parse_json_reply
from tests.agents.llm.conftest import SCHEMA


def test_strict_mode_is_used_only_for_schemas_it_accepts():
    assert is_strict_compatible(SCHEMA) is True
    assert is_strict_compatible({**SCHEMA, "required": ["hook"]}) is False
    assert (
        is_strict_compatible({k: v for k, v in SCHEMA.items() if k != "additionalProperties"})
        is False
    )
    nested = {
        **SCHEMA,
        "properties": {**SCHEMA["properties"], "hook": {"type": "string", "maxLength": 80}},
    }
    assert is_strict_compatible(nested) is False


def test_the_mismatch_reason_points_at_the_field():
    assert mismatch_reason({"hook": "x", "hashtags": [1]}, SCHEMA) == (
        "at $.hashtags[0]: 1 is not of type 'string'"
    )
    assert mismatch_reason(["not", "an", "object"], SCHEMA) == "expected a JSON object, got list"
    assert mismatch_reason({"hook": "x", "hashtags": []}, SCHEMA) is None


def test_json_in_a_code_fence_is_read():
    assert parse_json_reply('```json\n{"a": 1}\n```') == {"a": 1}
    with pytest.raises(ValueError, match="Expecting value"):
        parse_json_reply("Here you go: {")


def test_retry_hints_in_milliseconds_seconds_and_dates():
    assert retry_after_seconds({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert retry_after_seconds({"Retry-After": "3"}) == 3.0
    date = email.utils.formatdate(time.time() + 20, usegmt=True)
    assert 17 <= retry_after_seconds({"retry-after": date}) <= 20
    assert retry_after_seconds({"retry-after": "soon"}) is None
    assert retry_after_seconds(None) is None


def test_backoff_grows_and_is_capped():
    assert 0.375 <= backoff_seconds(0, None) <= 0.5
    assert 0.75 <= backoff_seconds(1, None) <= 1.0
    assert 6.0 <= backoff_seconds(10, None) <= 8.0
    assert backoff_seconds(3, 1.25) == 1.25


def test_permanent_errors_and_timeouts_are_not_retried():
    calls = []

    def rejected():
        calls.append(1)
        raise PermanentLLMError("no")

    def timed_out():
        calls.append(1)
        raise LLMTimeoutError("slow")

    for call in (rejected, timed_out):
        calls.clear()
        with pytest.raises((PermanentLLMError, TransientLLMError)):
            call_with_retries(call, max_retries=3, sleep=lambda _s: None)
        assert calls == [1]


@pytest.mark.parametrize(
    ("status", "transient"),
    [
        (400, False),
        (401, False),
        (403, False),
        (404, False),
        (408, True),
        (409, True),
        (422, False),
        (429, True),
        (500, True),
        (503, True),
        (529, True),
    ],
)
def test_status_codes_map_to_error_kinds(status, transient):
    error = status_error(provider_label="OpenAI", status=status, detail="", headers={}, model="m")
    assert error.transient is transient
    assert error.status == status
