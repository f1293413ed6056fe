"""AnthropicProvider through the real `anthropic` SDK against a loopback Messages API."""

from __future__ import annotations

import json

import pytest

from agents.llm.anthropic_provider import AnthropicProvider
from agents.llm.base import PermanentLLMError, ProviderName, TransientLLMError
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


def provider(**kwargs) -> AnthropicProvider:
    kwargs.setdefault("api_key", "sk-ant-test")
    return AnthropicProvider(**kwargs)


def test_a_text_reply_is_parsed_with_its_usage(anthropic_stub):
    # Given the API answers with a text block
    anthropic_stub.script(
        anthropic_stub.message(
            text="A calm case for espresso.", input_tokens=88, model="claude-haiku-4-5-20251001"
        )
    )

    # When Herald asks for a post
    result = provider().generate(text_request(model="claude-haiku-4-5"))

    # Then the text and usage come back, and the request had the documented shape
    assert result.text == "A calm case for espresso."
    assert result.data is None
    assert result.provider is ProviderName.ANTHROPIC
    assert result.model == "claude-haiku-4-5-20251001"
    assert (result.input_tokens, result.output_tokens) == (88, 60)
    assert anthropic_stub.problems == []
    seen = anthropic_stub.requests[0]
    auth = seen.headers.get("x-api-key") or seen.headers["authorization"].removeprefix("Bearer ")
    assert auth == "sk-ant-test"
    assert seen.headers["anthropic-version"]
    assert seen.body["model"] == "claude-haiku-4-5"
    assert seen.body["max_tokens"] == 300
    assert BRAND_VOICE in seen.body["system"]
    assert seen.body["messages"] == [{"role": "user", "content": "A post about our new espresso."}]
    assert "tools" not in seen.body


def test_structured_output_is_a_forced_tool_call(anthropic_stub):
    # Given the model calls the tool with valid input
    anthropic_stub.expect_schema = True
    anthropic_stub.script(anthropic_stub.message(tool_input=VALID_OUTPUT))

    # When Herald asks for structured output
    result = provider().generate(structured_request(model="claude-haiku-4-5"))

    # Then the tool input is the data, and the schema went out as the tool's input_schema
    assert result.data == VALID_OUTPUT
    assert json.loads(result.text) == VALID_OUTPUT
    assert anthropic_stub.problems == []
    body = anthropic_stub.requests[0].body
    assert body["tools"][0]["input_schema"] == SCHEMA
    assert body["tool_choice"] == {"type": "tool", "name": body["tools"][0]["name"]}


def test_json_in_text_is_accepted_when_no_tool_was_called(anthropic_stub):
    anthropic_stub.expect_schema = True
    fenced = "```json\n" + json.dumps(VALID_OUTPUT) + "\n```"
    anthropic_stub.script(anthropic_stub.message(text=fenced))

    result = provider().generate(structured_request(model="claude-haiku-4-5"))

    assert result.data == VALID_OUTPUT


def test_tool_input_not_matching_the_schema_raises(anthropic_stub):
    anthropic_stub.expect_schema = True
    anthropic_stub.script(anthropic_stub.message(tool_input={"hook": 3, "hashtags": []}))

    with pytest.raises(OutputMismatchError) as raised:
        provider().generate(structured_request(model="claude-haiku-4-5"))

    assert "$.hook" in raised.value.reason
    assert raised.value.input_tokens == 150


def test_a_429_is_retried_after_the_servers_hint(anthropic_stub):
    # Given a rate limit asking for 250 ms, then a success
    limited = anthropic_stub.error(429, "rate_limit_error", "Number of requests exceeded.")
    limited.headers["retry-after-ms"] = "250"
    anthropic_stub.script(limited, anthropic_stub.message(text="Done."))
    waits: list[float] = []

    # When Herald asks
    result = provider(sleep=waits.append).generate(text_request(model="claude-haiku-4-5"))

    # Then it waited what the server asked and retried once
    assert result.text == "Done."
    assert anthropic_stub.hits == 2
    assert waits == [0.25]


def test_an_overloaded_api_is_retried_with_backoff_then_gives_up(anthropic_stub, settings):
    # Given Anthropic stays overloaded (529), with one retry allowed
    settings.LLM_MAX_RETRIES = 1
    for _ in range(3):
        anthropic_stub.script(anthropic_stub.error(529, "overloaded_error", "Overloaded."))
    waits: list[float] = []

    with pytest.raises(TransientLLMError) as raised:
        provider(sleep=waits.append).generate(text_request(model="claude-haiku-4-5"))

    # Then: two attempts, one exponential-backoff wait (0.5 s less up to 25 % jitter)
    assert anthropic_stub.hits == 2
    assert len(waits) == 1
    assert 0.375 <= waits[0] <= 0.5
    assert raised.value.status == 529


def test_a_rejected_key_fails_clearly_without_retry(anthropic_stub):
    anthropic_stub.script(anthropic_stub.error(401, "authentication_error", "invalid x-api-key"))

    with pytest.raises(PermanentLLMError) as raised:
        provider().generate(text_request(model="claude-haiku-4-5"))

    assert raised.value.message == (
        "The Anthropic API key was rejected (401). Check the key in AI settings."
    )
    assert anthropic_stub.hits == 1


def test_a_bad_request_is_permanent_and_carries_the_apis_reason(anthropic_stub):
    anthropic_stub.script(
        anthropic_stub.error(400, "invalid_request_error", "max_tokens: too large")
    )

    with pytest.raises(PermanentLLMError) as raised:
        provider().generate(text_request(model="claude-haiku-4-5"))

    assert raised.value.message == ("Anthropic rejected the request (400). max_tokens: too large")


def test_a_timeout_is_transient(anthropic_stub):
    anthropic_stub.script(Reply(delay=1.5, body=anthropic_stub.message(text="late").body))

    with pytest.raises(LLMTimeoutError):
        provider(timeout=0.3).generate(text_request(model="claude-haiku-4-5"))

    assert anthropic_stub.hits == 1


def test_a_refusal_is_permanent(anthropic_stub):
    reply = anthropic_stub.message(text="")
    reply.body["stop_reason"] = "refusal"
    anthropic_stub.script(reply)

    with pytest.raises(PermanentLLMError, match="declined"):
        provider().generate(text_request(model="claude-haiku-4-5"))


def test_an_invalid_schema_fails_before_any_call(anthropic_stub):
    request = structured_request(model="claude-haiku-4-5")
    broken = type(request)(**{**request.__dict__, "json_schema": {"type": "no-such-type"}})

    with pytest.raises(PermanentLLMError, match="schema is invalid"):
        provider().generate(broken)

    assert anthropic_stub.hits == 0
