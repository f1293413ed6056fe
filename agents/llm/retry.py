"""Bounded retries and the HTTP error taxonomy shared by the OpenAI and Anthropic providers.

The SDKs' own retries are switched off (`max_retries=0`) so both providers behave the same and
the bound is Herald's: at most `LLM_MAX_RETRIES` retries of a rate limit (429), an overload or
server error (5xx) or a connection error, waiting the provider's hint (`retry-after-ms`, then
`retry-after`) or an exponential backoff with jitter. A hint longer than `MAX_RETRY_WAIT_SECONDS`
is not waited for in-process: the error goes up with its `retry_after`, so the router can try
the other provider and a task can retry later. A timeout is not retried in-process either: it
has already cost `LLM_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import email.utils
import math
import random
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

from agents.llm.base import PermanentLLMError, TransientLLMError

T = TypeVar("T")

MAX_RETRY_WAIT_SECONDS = 30.0
INITIAL_BACKOFF_SECONDS = 0.5
MAX_BACKOFF_SECONDS = 8.0


class LLMTimeoutError(TransientLLMError):
    """The provider did not answer within the timeout."""


def retry_after_seconds(headers: Mapping[str, str] | None) -> float | None:
    """The server's retry hint in seconds: `retry-after-ms`, `retry-after` (seconds or a date)."""
    if not headers:
        return None
    lowered = {name.lower(): value for name, value in headers.items()}
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = lowered.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / divisor
        except ValueError:
            continue
        if math.isfinite(seconds) and seconds >= 0:
            return seconds
    value = lowered.get("retry-after")
    if value:
        try:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None
    return None


def backoff_seconds(retry_number: int, retry_after: float | None) -> float:
    """How long to wait before retry `retry_number` (0-based)."""
    if retry_after is not None and retry_after > 0:
        return retry_after
    delay = min(INITIAL_BACKOFF_SECONDS * 2.0**retry_number, MAX_BACKOFF_SECONDS)
    return delay * (1 - 0.25 * random.random())  # noqa: S311 - jitter, not a secret


def call_with_retries(
    call: Callable[[], T],
    *,
    max_retries: int,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`call()`, retried on transient errors at most `max_retries` times."""
    retry_number = 0
    while True:
        try:
            return call()
        except LLMTimeoutError:
            raise
        except TransientLLMError as exc:
            if retry_number >= max_retries:
                raise
            if exc.retry_after is not None and exc.retry_after > MAX_RETRY_WAIT_SECONDS:
                raise
            sleep(backoff_seconds(retry_number, exc.retry_after))
            retry_number += 1


def status_error(
    *,
    provider_label: str,
    status: int,
    detail: str,
    headers: Mapping[str, str] | None,
    model: str,
    error_code: str | None = None,
) -> TransientLLMError | PermanentLLMError:
    """The Herald error for an HTTP error status from a provider, with a message for people."""
    detail = detail.strip()[:500]
    if status == 401:
        return PermanentLLMError(
            f"The {provider_label} API key was rejected (401). Check the key in AI settings.",
            status=status,
        )
    if status == 403:
        return PermanentLLMError(
            f"The {provider_label} API key is not allowed to do this (403). "
            f"Check the key's permissions in AI settings. {detail}".strip(),
            status=status,
        )
    if status == 429 and error_code == "insufficient_quota":
        return PermanentLLMError(
            f"The {provider_label} account has run out of quota (429). "
            "Check its billing, or the key in AI settings.",
            status=status,
        )
    if status in (408, 409, 429) or status >= 500:
        what = "rate-limited the request" if status == 429 else "is unavailable"
        return TransientLLMError(
            f"{provider_label} {what} ({status}). {detail}".strip(),
            status=status,
            retry_after=retry_after_seconds(headers),
        )
    if status == 402:
        return PermanentLLMError(
            f"The {provider_label} account needs credit (402). {detail}".strip(),
            status=status,
        )
    if status == 404:
        return PermanentLLMError(
            f'{provider_label} does not offer the model "{model}" to this key (404). '
            f"Check the model settings. {detail}".strip(),
            status=status,
        )
    return PermanentLLMError(
        f"{provider_label} rejected the request ({status}). {detail}".strip(), status=status
    )
