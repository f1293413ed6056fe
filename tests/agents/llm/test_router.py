"""Routing per category and tier, BYO keys, fallback, repair, and the LLMCall log."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection

from agents.llm import router
from agents.llm.base import (
    InvalidOutputError,
    LLMResult,
    PermanentLLMError,
    ProviderName,
    Tier,
    TransientLLMError,
)
from agents.llm.models import LLMCall, OrgAISettings
from agents.llm.prices import seed_default_prices
from agents.llm.router import OFFLINE_MODEL, generate, route
from tests.agents.llm.conftest import BRAND_VOICE, VALID_OUTPUT, structured_request, text_request

OPENAI = ProviderName.OPENAI
ANTHROPIC = ProviderName.ANTHROPIC
OFFLINE = ProviderName.OFFLINE


# --- route() -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "tier", "expected"),
    [
        ("strategy", Tier.LARGE, [(ANTHROPIC, "claude-sonnet-4-6"), (OPENAI, "gpt-4o")]),
        ("analytics", Tier.LARGE, [(ANTHROPIC, "claude-sonnet-4-6"), (OPENAI, "gpt-4o")]),
        ("admin_qa", Tier.LARGE, [(ANTHROPIC, "claude-sonnet-4-6"), (OPENAI, "gpt-4o")]),
        ("content_creation", Tier.LARGE, [(OPENAI, "gpt-4o"), (ANTHROPIC, "claude-sonnet-4-6")]),
        ("Content creation", Tier.LARGE, [(OPENAI, "gpt-4o"), (ANTHROPIC, "claude-sonnet-4-6")]),
        ("engagement", Tier.LARGE, [(OPENAI, "gpt-4o"), (ANTHROPIC, "claude-sonnet-4-6")]),
        ("strategy", Tier.SMALL, [(OPENAI, "gpt-4o-mini"), (ANTHROPIC, "claude-haiku-4-5")]),
        ("engagement", Tier.SMALL, [(OPENAI, "gpt-4o-mini"), (ANTHROPIC, "claude-haiku-4-5")]),
    ],
)
def test_route_prefers_the_provider_suited_to_the_work(category, tier, expected):
    # Given platform keys for both providers and no org settings
    # When routing, then the order follows the category, and the tier picks the model
    assert route(category=category, tier=tier, org_settings=None) == expected


def test_model_names_come_from_settings(settings):
    settings.LLM_OPENAI_MODEL_LARGE = "gpt-4.1"
    settings.LLM_ANTHROPIC_MODEL_SMALL = "claude-haiku-9"

    assert route(category="engagement", tier=Tier.LARGE, org_settings=None)[0] == (
        OPENAI,
        "gpt-4.1",
    )
    assert route(category="engagement", tier=Tier.SMALL, org_settings=None)[1] == (
        ANTHROPIC,
        "claude-haiku-9",
    )


def test_a_provider_without_any_key_is_not_routed_to(settings):
    settings.ANTHROPIC_API_KEY = ""

    assert route(category="strategy", tier=Tier.LARGE, org_settings=None) == [(OPENAI, "gpt-4o")]


def test_the_orgs_preferred_provider_comes_first():
    ai = OrgAISettings(preferred_provider="anthropic")

    assert route(category="content_creation", tier=Tier.LARGE, org_settings=ai) == [
        (ANTHROPIC, "claude-sonnet-4-6"),
        (OPENAI, "gpt-4o"),
    ]


def test_a_preferred_provider_without_a_key_gives_way(settings):
    settings.OPENAI_API_KEY = ""
    ai = OrgAISettings(preferred_provider="openai")

    assert route(category="content_creation", tier=Tier.LARGE, org_settings=ai) == [
        (ANTHROPIC, "claude-sonnet-4-6")
    ]


def test_the_orgs_own_key_makes_a_provider_available(settings):
    settings.OPENAI_API_KEY = ""
    settings.ANTHROPIC_API_KEY = ""
    ai = OrgAISettings(openai_api_key="sk-org-own")

    assert route(category="strategy", tier=Tier.LARGE, org_settings=ai) == [(OPENAI, "gpt-4o")]


def test_no_key_anywhere_routes_to_the_offline_writer(settings):
    settings.OPENAI_API_KEY = ""
    settings.ANTHROPIC_API_KEY = ""

    assert route(category="strategy", tier=Tier.LARGE, org_settings=None) == [
        (OFFLINE, OFFLINE_MODEL)
    ]


def test_the_offline_writer_is_used_when_the_org_chooses_it():
    ai = OrgAISettings(preferred_provider="offline")

    assert route(category="strategy", tier=Tier.LARGE, org_settings=ai) == [
        (OFFLINE, OFFLINE_MODEL)
    ]


def test_the_offline_writer_is_never_listed_next_to_a_real_provider(settings):
    settings.ANTHROPIC_API_KEY = ""

    for category in ("strategy", "content_creation", "anything"):
        for tier in Tier:
            names = [name for name, _ in route(category=category, tier=tier, org_settings=None)]
            assert OFFLINE not in names


def test_an_agents_pinned_provider_and_model_apply_on_auto():
    routes = route(
        category="content_creation",
        tier=Tier.LARGE,
        org_settings=None,
        pinned_provider=ANTHROPIC,
        pinned_model="claude-opus-4-1",
    )

    assert routes == [(ANTHROPIC, "claude-opus-4-1"), (OPENAI, "gpt-4o")]


def test_a_pin_read_from_the_catalog_as_text_works_and_offline_cannot_be_pinned():
    pinned = route(
        category="strategy", tier=Tier.SMALL, org_settings=None, pinned_provider="anthropic"
    )
    offline = route(
        category="strategy", tier=Tier.LARGE, org_settings=None, pinned_provider="offline"
    )

    assert pinned == [(ANTHROPIC, "claude-haiku-4-5"), (OPENAI, "gpt-4o-mini")]
    assert offline == [(ANTHROPIC, "claude-sonnet-4-6"), (OPENAI, "gpt-4o")]


def test_the_orgs_preference_wins_over_an_agents_pin():
    ai = OrgAISettings(preferred_provider="openai")

    routes = route(
        category="strategy",
        tier=Tier.LARGE,
        org_settings=ai,
        pinned_provider=ANTHROPIC,
        pinned_model="claude-opus-4-1",
    )

    assert routes == [(OPENAI, "gpt-4o"), (ANTHROPIC, "claude-sonnet-4-6")]


# --- generate(): real SDKs against the stubs ---------------------------------------


@pytest.fixture
def prices(db):
    seed_default_prices()


def test_a_call_is_logged_with_usage_and_cost(org, prices, openai_stub):
    # Given OpenAI answers structured output using 1,000,000 input and 100,000 output tokens
    openai_stub.expect_schema = True
    openai_stub.script(
        openai_stub.completion(
            json.dumps(VALID_OUTPUT), prompt_tokens=1_000_000, completion_tokens=100_000
        )
    )

    # When an agent generates creative content
    result = generate(
        org=org,
        purpose="social-post-writer",
        request=structured_request(),
        category="content_creation",
        tier=Tier.LARGE,
    )

    # Then the result is the data, and one LLMCall row has the usage, the cost and provenance
    assert result.data == VALID_OUTPUT
    call = LLMCall.objects.for_org(org).get()
    assert (call.provider, call.model, call.status) == ("openai", "gpt-4o", "ok")
    assert (call.input_tokens, call.output_tokens) == (1_000_000, 100_000)
    assert call.cost == Decimal("3.500000")  # $2.50 + 0.1 x $10.00
    assert call.purpose == "social-post-writer"
    assert call.byo_key is False
    assert call.fallback_from == ""
    assert call.execution is None
    assert BRAND_VOICE in call.prompt
    assert json.loads(call.response) == VALID_OUTPUT
    assert openai_stub.requests[0].headers["authorization"] == "Bearer sk-platform-openai"


def test_anthropic_calls_are_priced_too(org, prices, anthropic_stub):
    anthropic_stub.expect_schema = True
    anthropic_stub.script(
        anthropic_stub.message(tool_input=VALID_OUTPUT, input_tokens=2_000, output_tokens=500)
    )

    result = generate(
        org=org,
        purpose="strategist",
        request=structured_request(),
        category="strategy",
        tier=Tier.LARGE,
    )

    assert result.provider is ANTHROPIC
    call = LLMCall.objects.for_org(org).get()
    assert call.model == "claude-sonnet-4-6"
    assert call.cost == Decimal("0.013500")  # 2,000 x $3 + 500 x $15 per million


def test_the_orgs_own_key_is_used_instead_of_the_platforms(org, admin, prices, openai_stub):
    # Given the org brought its own OpenAI key
    from agents.llm.services import org_ai_settings_update

    org_ai_settings_update(org=org, actor=admin, openai_api_key="sk-org-own-key")
    openai_stub.script(openai_stub.completion("Hello."))

    # When it generates
    generate(
        org=org,
        purpose="writer",
        request=text_request(),
        category="engagement",
        tier=Tier.LARGE,
    )

    # Then OpenAI saw the org's key, the call says so, and the key is stored encrypted
    assert openai_stub.requests[0].headers["authorization"] == "Bearer sk-org-own-key"
    assert LLMCall.objects.for_org(org).get().byo_key is True
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT openai_api_key FROM {OrgAISettings._meta.db_table} WHERE organization_id = %s",
            [org.pk],
        )
        (stored,) = cursor.fetchone()
    assert "sk-org-own-key" not in stored


def test_a_transient_failure_falls_back_to_the_other_provider(
    org, prices, settings, openai_stub, anthropic_stub
):
    # Given OpenAI is down (503) and Anthropic is fine
    settings.LLM_MAX_RETRIES = 0
    openai_stub.script(openai_stub.error(503, "server_error", "Service unavailable."))
    anthropic_stub.script(anthropic_stub.message(text="From Claude."))

    # When creative work (OpenAI first) is generated
    result = generate(
        org=org,
        purpose="writer",
        request=text_request(),
        category="content_creation",
        tier=Tier.LARGE,
    )

    # Then Anthropic answered, and the log shows the failure and the fallback
    assert result.provider is ANTHROPIC
    assert result.text == "From Claude."
    failed, served = LLMCall.objects.for_org(org).order_by("id")
    assert (failed.provider, failed.status) == ("openai", "error")
    assert "503" in failed.error
    assert (served.provider, served.status, served.fallback_from) == ("anthropic", "ok", "openai")


def test_a_rate_limit_is_retried_before_falling_back(
    org, prices, settings, openai_stub, anthropic_stub
):
    # Given OpenAI rate-limits once with a short hint, then answers
    limited = openai_stub.error(429, "rate_limit_exceeded", "Slow down.")
    limited.headers["retry-after-ms"] = "50"
    openai_stub.script(limited, openai_stub.completion("Second time lucky."))

    result = generate(
        org=org, purpose="writer", request=text_request(), category="engagement", tier=Tier.LARGE
    )

    # Then OpenAI served it on its second hit, Anthropic was never asked, one call is logged
    assert result.text == "Second time lucky."
    assert openai_stub.hits == 2
    assert anthropic_stub.hits == 0
    assert LLMCall.objects.for_org(org).count() == 1


def test_when_every_provider_fails_transiently_the_last_error_is_raised(
    org, settings, openai_stub, anthropic_stub
):
    settings.LLM_MAX_RETRIES = 0
    openai_stub.script(openai_stub.error(500, "server_error", "Oops."))
    anthropic_stub.script(anthropic_stub.error(529, "overloaded_error", "Overloaded."))

    with pytest.raises(TransientLLMError) as raised:
        generate(
            org=org, purpose="writer", request=text_request(), category="strategy", tier=Tier.LARGE
        )

    assert raised.value.status == 500  # Anthropic first for strategy, OpenAI last
    assert list(LLMCall.objects.for_org(org).order_by("id").values_list("provider", "status")) == [
        ("anthropic", "error"),
        ("openai", "error"),
    ]


def test_a_permanent_failure_does_not_fall_back(org, openai_stub, anthropic_stub):
    # Given the OpenAI key is rejected
    openai_stub.script(openai_stub.error(401, "invalid_request_error", "Incorrect API key."))

    # When generating, then the clear error surfaces and Anthropic is not tried
    with pytest.raises(PermanentLLMError, match=r"OpenAI API key was rejected \(401\)"):
        generate(
            org=org,
            purpose="writer",
            request=text_request(),
            category="engagement",
            tier=Tier.LARGE,
        )
    assert anthropic_stub.hits == 0
    call = LLMCall.objects.for_org(org).get()
    assert call.status == "error"
    assert "Check the key in AI settings" in call.error


def test_invalid_json_is_repaired_on_a_second_call(org, prices, openai_stub, anthropic_stub):
    # Given OpenAI first answers something that is not JSON, then valid JSON
    openai_stub.expect_schema = True
    openai_stub.script(
        openai_stub.completion("Sure! Here is your post: hook=..."),
        openai_stub.completion(json.dumps(VALID_OUTPUT)),
    )

    # When generating structured output
    result = generate(
        org=org,
        purpose="writer",
        request=structured_request(),
        category="engagement",
        tier=Tier.LARGE,
    )

    # Then the second answer is used; the repair request carried the bad reply and the error
    assert result.data == VALID_OUTPUT
    assert openai_stub.hits == 2
    assert anthropic_stub.hits == 0
    repair_messages = openai_stub.requests[1].body["messages"]
    assert repair_messages[-2] == {
        "role": "assistant",
        "content": "Sure! Here is your post: hook=...",
    }
    assert "not valid JSON" in repair_messages[-1]["content"]
    assert repair_messages[-1]["role"] == "user"
    # And both calls are logged and priced
    first, second = LLMCall.objects.for_org(org).order_by("id")
    assert first.status == "error"
    assert "did not match the expected format" in first.error
    assert first.cost > 0
    assert second.status == "ok"


def test_anthropic_tool_input_is_repaired_too(org, anthropic_stub):
    anthropic_stub.expect_schema = True
    anthropic_stub.script(
        anthropic_stub.message(tool_input={"hook": "Hi"}),
        anthropic_stub.message(tool_input=VALID_OUTPUT),
    )

    result = generate(
        org=org,
        purpose="strategist",
        request=structured_request(),
        category="strategy",
        tier=Tier.LARGE,
    )

    assert result.data == VALID_OUTPUT
    repair = anthropic_stub.requests[1].body["messages"]
    assert [m["role"] for m in repair] == ["user", "assistant", "user"]
    assert "'hashtags' is a required property" in repair[-1]["content"]


def test_output_invalid_twice_raises_invalid_output(org, openai_stub, anthropic_stub):
    # Given OpenAI keeps answering JSON that misses a required field
    openai_stub.expect_schema = True
    openai_stub.script(
        openai_stub.completion('{"hook": "One"}'), openai_stub.completion('{"hook": "Two"}')
    )

    # When generating, then after one repair attempt the output is declared invalid
    with pytest.raises(InvalidOutputError, match="even after one repair attempt"):
        generate(
            org=org,
            purpose="writer",
            request=structured_request(),
            category="engagement",
            tier=Tier.LARGE,
        )

    # And the other provider was not asked: bad output is not an outage
    assert openai_stub.hits == 2
    assert anthropic_stub.hits == 0
    assert list(LLMCall.objects.for_org(org).values_list("status", flat=True)) == ["error", "error"]


def test_no_key_anywhere_uses_the_offline_writer(org, settings, monkeypatch, openai_stub):
    # Given no platform key and no org key; the offline writer stands in as a fake
    settings.OPENAI_API_KEY = ""
    settings.ANTHROPIC_API_KEY = ""
    seen = []

    class FakeOffline:
        name = OFFLINE

        def generate(self, request):
            seen.append(request)
            return LLMResult(
                text="Offline words.",
                data=None,
                provider=OFFLINE,
                model=request.model,
                input_tokens=0,
                output_tokens=0,
                latency_ms=1,
            )

    monkeypatch.setitem(router.PROVIDER_FACTORIES, OFFLINE, lambda _key: FakeOffline())

    # When generating
    result = generate(
        org=org, purpose="writer", request=text_request(), category="engagement", tier=Tier.LARGE
    )

    # Then the offline writer answered, no network call was made, and the call is logged
    assert result.provider is OFFLINE
    assert seen[0].model == OFFLINE_MODEL
    assert openai_stub.hits == 0
    call = LLMCall.objects.for_org(org).get()
    assert (call.provider, call.model, call.cost) == ("offline", OFFLINE_MODEL, Decimal("0"))


def test_the_real_offline_writer_answers_when_no_key_exists(org, settings):
    # Given no key anywhere
    settings.OPENAI_API_KEY = ""
    settings.ANTHROPIC_API_KEY = ""

    # When structured output is generated
    result = generate(
        org=org,
        purpose="writer",
        request=structured_request(),
        category="engagement",
        tier=Tier.LARGE,
    )

    # Then the embedded writer answered with data, and the call is logged at no cost
    from agents.offline.provider import OFFLINE_MODEL as WRITER_MODEL

    assert result.provider is OFFLINE
    assert result.data is not None
    assert OFFLINE_MODEL == WRITER_MODEL
    call = LLMCall.objects.for_org(org).get()
    assert (call.provider, call.model, call.cost) == ("offline", WRITER_MODEL, Decimal("0"))


def test_a_real_provider_failing_never_falls_back_to_the_offline_writer(
    org, settings, monkeypatch, openai_stub
):
    # Given only OpenAI is configured, and it is down
    settings.ANTHROPIC_API_KEY = ""
    settings.LLM_MAX_RETRIES = 0
    openai_stub.script(openai_stub.error(503, "server_error", "Down."))
    monkeypatch.setitem(
        router.PROVIDER_FACTORIES, OFFLINE, lambda _key: pytest.fail("offline writer used")
    )

    # When generating, then the outage surfaces
    with pytest.raises(TransientLLMError):
        generate(
            org=org,
            purpose="writer",
            request=text_request(),
            category="engagement",
            tier=Tier.LARGE,
        )


def test_long_prompts_and_responses_are_bounded(org, openai_stub):
    openai_stub.script(openai_stub.completion("y" * 30_000))
    request = text_request(system="x" * 30_000)

    generate(org=org, purpose="writer", request=request, category="engagement", tier=Tier.LARGE)

    call = LLMCall.objects.for_org(org).get()
    assert len(call.prompt) == 20_000
    assert len(call.response) == 20_000
    assert call.response.endswith("[... truncated]")


def test_calls_are_tied_to_the_execution_they_served(org, openai_stub):
    openai_stub.script(openai_stub.completion("Hi."))

    generate(
        org=org,
        purpose="writer",
        request=text_request(),
        category="engagement",
        tier=Tier.LARGE,
        execution_id=None,
    )

    field = LLMCall._meta.get_field("execution")
    assert field.related_model._meta.label == "agents.AgentExecution"
    assert field.null is True


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_during_the_network_call(org, monkeypatch):
    # Given a provider that checks the database connection while it "calls out"
    open_during_call = []

    class Probe:
        name = OPENAI

        def generate(self, request):
            open_during_call.append(connection.in_atomic_block)
            return LLMResult(
                text="ok",
                data=None,
                provider=OPENAI,
                model=request.model,
                input_tokens=1,
                output_tokens=1,
                latency_ms=1,
            )

    monkeypatch.setitem(router.PROVIDER_FACTORIES, OPENAI, lambda _key: Probe())

    # When generating outside any transaction (as a task does)
    generate(
        org=org, purpose="writer", request=text_request(), category="engagement", tier=Tier.LARGE
    )

    # Then no transaction was open during the call, and the row was written after it
    assert open_during_call == [False]
    assert LLMCall.objects.for_org(org).count() == 1
