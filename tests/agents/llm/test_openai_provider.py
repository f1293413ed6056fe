"""OpenAIProvider through the real `openai` SDK against a loopback Chat Completions API."""

from __future__ import annotations

import json

import pytest

from agents.llm.base import PermanentLLMError, ProviderName, TransientLLMError
from agents.llm.openai_provider import OpenAIProvider
from agents.llm.retry import LLMTimeoutError
from agents.llm.structured import OutputMismatchError
from tests.agents.llm.conftest import (
    BRAND_VOICE,
    SCHEMA,
    VALID_OUTPUT,
    Reply,
    structured_request,
    text_request,
)


def provider(**kwargs) -> OpenAIProvider:
    kwargs.setdefault("api_key", "sk-test-openai")
    return OpenAIProvider(**kwargs)


def test_a_text_reply_is_parsed_with_its_usage(openai_stub):
    # Given the API answers a plain completion
    openai_stub.script(
        openai_stub.completion(
            "Espresso, but make it poetry.", prompt_tokens=91, model="gpt-4o-2024-08-06"
        )
    )

    # When Herald asks for a post
    result = provider().generate(text_request(model="gpt-4o"))

    # Then the text and token usage come back, and the request had the documented shape
    assert result.text == "Espresso, but make it poetry."
    assert result.data is None
    assert result.provider is ProviderName.OPENAI
    assert result.model == "gpt-4o-2024-08-06"
    assert (result.input_tokens, result.output_tokens) == (91, 40)
    assert openai_stub.problems == []
    seen = openai_stub.requests[0]
    assert seen.headers["authorization"] == "Bearer sk-test-openai"
    assert seen.body["model"] == "gpt-4o"
    assert seen.body["messages"][0]["role"] == "system"
    assert BRAND_VOICE in seen.body["messages"][0]["content"]
    assert seen.body["messages"][1] == {"role": "user", "content": "A post about our new espresso."}
    assert seen.body["max_completion_tokens"] == 300
    assert "response_format" not in seen.body


def test_structured_output_sends_the_schema_and_validates_the_reply(openai_stub):
    # Given the API answers with JSON matching the schema
    openai_stub.expect_schema = True
    openai_stub.script(openai_stub.completion(json.dumps(VALID_OUTPUT)))

    # When Herald asks for structured output
    result = provider().generate(structured_request(model="gpt-4o"))

    # Then the data is parsed, and the schema went out as response_format.json_schema (strict)
    assert result.data == VALID_OUTPUT
    assert openai_stub.problems == []
    response_format = openai_stub.requests[0].body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "social_post"
    assert response_format["json_schema"]["schema"] == SCHEMA
    assert response_format["json_schema"]["strict"] is True


def test_a_reply_not_matching_the_schema_raises_with_its_usage(openai_stub):
    # Given the model answers JSON missing a required field
    openai_stub.expect_schema = True
    openai_stub.script(openai_stub.completion('{"hook": "Hi"}', completion_tokens=7))

    # When Herald asks for structured output, then the mismatch says where, and keeps the usage
    with pytest.raises(OutputMismatchError) as raised:
        provider().generate(structured_request(model="gpt-4o"))
    assert "hashtags" in raised.value.reason
    assert raised.value.output_tokens == 7
    assert raised.value.text == '{"hook": "Hi"}'


def test_a_429_is_retried_after_the_servers_hint(openai_stub):
    # Given a rate limit with a Retry-After hint, then a success
    limited = openai_stub.error(429, "rate_limit_exceeded", "Slow down.")
    limited.headers["retry-after"] = "2"
    openai_stub.script(limited, openai_stub.completion("Done."))
    waits: list[float] = []

    # When Herald asks
    result = provider(sleep=waits.append).generate(text_request(model="gpt-4o"))

    # Then it waited what the server asked and retried once
    assert result.text == "Done."
    assert openai_stub.hits == 2
    assert waits == [2.0]


def test_retry_after_ms_is_honoured_in_real_time(openai_stub):
    # Given a 503 asking for 300 ms, then a success
    busy = openai_stub.error(503, "server_error", "Overloaded.")
    busy.headers["retry-after-ms"] = "300"
    openai_stub.script(busy, openai_stub.completion("Done."))

    # When Herald asks (real sleeping)
    provider().generate(text_request(model="gpt-4o"))

    # Then the second attempt came at least 300 ms after the first
    first, second = openai_stub.requests
    assert second.at - first.at >= 0.3


def test_retries_are_bounded(openai_stub, settings):
    # Given the API keeps rate-limiting, and two retries are allowed
    settings.LLM_MAX_RETRIES = 2
    for _ in range(5):
        openai_stub.script(openai_stub.error(429, "rate_limit_exceeded", "Slow down."))

    # When Herald asks, then it gives up after three attempts with a transient error
    with pytest.raises(TransientLLMError) as raised:
        provider(sleep=lambda _s: None).generate(text_request(model="gpt-4o"))
    assert openai_stub.hits == 3
    assert raised.value.status == 429


def test_a_hint_too_long_to_wait_for_is_passed_up(openai_stub):
    # Given a rate limit asking for ten minutes
    limited = openai_stub.error(429, "rate_limit_exceeded", "Slow down.")
    limited.headers["retry-after"] = "600"
    openai_stub.script(limited)

    # When Herald asks, then it does not wait in-process: the hint goes up with the error
    with pytest.raises(TransientLLMError) as raised:
        provider(sleep=lambda _s: pytest.fail("slept")).generate(text_request(model="gpt-4o"))
    assert raised.value.retry_after == 600.0
    assert openai_stub.hits == 1


def test_a_rejected_key_fails_clearly_without_retry(openai_stub):
    # Given the API rejects the key
    openai_stub.script(openai_stub.error(401, "invalid_request_error", "Incorrect API key."))

    # When Herald asks, then the error says what to do, and nothing was retried
    with pytest.raises(PermanentLLMError) as raised:
        provider().generate(text_request(model="gpt-4o"))
    assert raised.value.message == (
        "The OpenAI API key was rejected (401). Check the key in AI settings."
    )
    assert not isinstance(raised.value, TransientLLMError)
    assert openai_stub.hits == 1


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (403, "not allowed"),
        (400, "OpenAI rejected the request (400)"),
        (404, 'does not offer the model "gpt-4o"'),
    ],
)
def test_other_client_errors_are_permanent(openai_stub, status, expected):
    openai_stub.script(openai_stub.error(status, "invalid_request_error", "Nope."))

    with pytest.raises(PermanentLLMError) as raised:
        provider().generate(text_request(model="gpt-4o"))

    assert expected in raised.value.message
    assert openai_stub.hits == 1


def test_an_exhausted_quota_is_permanent(openai_stub):
    # Given OpenAI's "insufficient_quota" 429, which waiting does not cure
    reply = openai_stub.error(429, "insufficient_quota", "You exceeded your current quota.")
    reply.body["error"]["code"] = "insufficient_quota"
    openai_stub.script(reply)

    with pytest.raises(PermanentLLMError) as raised:
        provider().generate(text_request(model="gpt-4o"))

    assert "run out of quota" in raised.value.message
    assert openai_stub.hits == 1


def test_a_timeout_is_transient_and_not_retried_in_process(openai_stub):
    # Given the API answers after 1.5 s and Herald waits 0.3 s
    openai_stub.script(Reply(delay=1.5, body=openai_stub.completion("late").body))

    # When Herald asks, then it times out with a transient error, once
    with pytest.raises(LLMTimeoutError) as raised:
        provider(timeout=0.3).generate(text_request(model="gpt-4o"))
    assert isinstance(raised.value, TransientLLMError)
    assert "did not answer within 0.3 seconds" in raised.value.message
    assert openai_stub.hits == 1


def test_an_unreachable_api_is_transient(settings, monkeypatch):
    # Given nothing listens at the configured address
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")

    with pytest.raises(TransientLLMError) as raised:
        provider(max_retries=0).generate(text_request(model="gpt-4o"))

    assert "Could not reach OpenAI" in raised.value.message


def test_an_empty_base_url_variable_means_the_default(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "")

    assert provider().base_url == "https://api.openai.com/v1"
