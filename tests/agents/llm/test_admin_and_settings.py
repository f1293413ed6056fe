"""AI settings service, prices, and the staff admin (cost totals, keys never shown)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from agents.llm.models import LLMCall, ModelPrice, OrgAISettings
from agents.llm.prices import call_cost, seed_default_prices
from agents.llm.services import org_ai_settings_update
from organizations.models import AuditEvent


@pytest.fixture
def prices(db):
    seed_default_prices()


def a_call(org, **fields) -> LLMCall:
    fields.setdefault("purpose", "writer")
    fields.setdefault("provider", "openai")
    fields.setdefault("model", "gpt-4o")
    fields.setdefault("status", "ok")
    return LLMCall.objects.create(organization=org, **fields)


# --- prices ----------------------------------------------------------------------


def test_the_default_prices_are_seeded(prices):
    gpt = ModelPrice.objects.get(model="gpt-4o")
    assert (gpt.input_per_million, gpt.output_per_million) == (Decimal("2.50"), Decimal("10.00"))
    for model in ("gpt-4o-mini", "claude-sonnet-4-5", "claude-haiku-4-5"):
        assert ModelPrice.objects.filter(model=model).exists()


def test_seeding_keeps_staff_edits(prices):
    ModelPrice.objects.filter(model="gpt-4o").update(input_per_million=Decimal("1.00"))

    seed_default_prices()

    assert ModelPrice.objects.get(model="gpt-4o").input_per_million == Decimal("1.00")


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        ("gpt-4o-mini", Decimal("0.000750")),  # 1,000 x 0.15 + 1,000 x 0.60 per million
        ("gpt-4o-mini-2024-07-18", Decimal("0.000750")),  # a dated snapshot
        ("claude-haiku-4-5-20251001", Decimal("0.006000")),
        ("claude-sonnet-4-6", Decimal("0.018000")),  # priced in its own row
        ("claude-sonnet-4-7", Decimal("0")),  # not a snapshot of a priced model: unpriced
        ("herald-offline-1", Decimal("0")),
    ],
)
def test_call_cost(prices, model, expected):
    assert call_cost(model=model, input_tokens=1_000, output_tokens=1_000) == expected


# --- AI settings -----------------------------------------------------------------


def test_settings_are_created_on_first_update_and_audited_without_keys(org, admin):
    ai = org_ai_settings_update(
        org=org,
        actor=admin,
        preferred_provider="anthropic",
        anthropic_api_key="  sk-ant-org  ",
        monthly_credit_budget=500,
    )

    ai.refresh_from_db()
    assert ai.preferred_provider == "anthropic"
    assert ai.anthropic_api_key == "sk-ant-org"
    assert ai.openai_api_key == ""
    assert ai.monthly_credit_budget == 500
    event = AuditEvent.objects.get(action="ai_settings.updated")
    assert event.metadata["changed"] == [
        "preferred_provider",
        "anthropic_api_key",
        "monthly_credit_budget",
    ]
    assert "sk-ant-org" not in str(event.metadata)


def test_a_key_left_out_is_kept_and_an_empty_one_removed(org, admin):
    org_ai_settings_update(org=org, actor=admin, openai_api_key="sk-one")

    org_ai_settings_update(org=org, actor=admin, preferred_provider="openai")
    assert OrgAISettings.objects.for_org(org).get().openai_api_key == "sk-one"

    org_ai_settings_update(org=org, actor=admin, openai_api_key="")
    assert OrgAISettings.objects.for_org(org).get().openai_api_key == ""


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"preferred_provider": "gemini"}, "preferred_provider"),
        ({"openai_api_key": "sk one"}, "openai_api_key"),
        ({"monthly_credit_budget": -1}, "monthly_credit_budget"),
    ],
)
def test_invalid_settings_are_refused(org, admin, fields, bad_field):
    with pytest.raises(ValidationError) as raised:
        org_ai_settings_update(org=org, actor=admin, **fields)

    assert bad_field in raised.value.message_dict


# --- admin -----------------------------------------------------------------------


def test_the_call_log_shows_the_total_cost_of_the_filtered_calls(admin_client, org, other_org):
    # Given calls of two providers and two orgs
    a_call(org, cost=Decimal("1.250000"))
    a_call(org, provider="anthropic", model="claude-sonnet-4-5", cost=Decimal("0.500000"))
    a_call(other_org, cost=Decimal("2.000000"))

    # When staff open the log, then the total covers every call
    response = admin_client.get("/admin/agents/llmcall/")
    assert response.status_code == 200
    assert "Total $3.750000 over 3 calls" in response.content.decode()

    # And filtering by provider and org narrows the total
    response = admin_client.get(
        f"/admin/agents/llmcall/?provider=openai&organization__id__exact={org.pk}"
    )
    page = response.content.decode()
    assert "Total $1.250000 over 1 call" in page
    assert "openai/gpt-4o $1.250000" in page


def test_model_prices_are_editable_in_the_list(admin_client, prices):
    response = admin_client.get("/admin/agents/modelprice/")

    assert response.status_code == 200
    assert 'name="form-0-input_per_million"' in response.content.decode()


def test_org_ai_settings_never_show_a_key(admin_client, org, admin):
    ai = org_ai_settings_update(org=org, actor=admin, openai_api_key="sk-secret-key-123")
    stored = OrgAISettings.objects.filter(pk=ai.pk).values_list("openai_api_key", flat=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT openai_api_key FROM {OrgAISettings._meta.db_table} WHERE id = %s", [ai.pk]
        )
        (ciphertext,) = cursor.fetchone()
    assert list(stored) == ["sk-secret-key-123"]

    for url in ("/admin/agents/orgaisettings/", f"/admin/agents/orgaisettings/{ai.pk}/change/"):
        response = admin_client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "sk-secret-key-123" not in page
        assert ciphertext not in page
    assert "Own OpenAI key" in admin_client.get("/admin/agents/orgaisettings/").content.decode()


def test_staff_can_replace_and_remove_keys_without_reading_them(admin_client, org, admin):
    ai = org_ai_settings_update(org=org, actor=admin, openai_api_key="sk-old")

    response = admin_client.post(
        f"/admin/agents/orgaisettings/{ai.pk}/change/",
        {
            "preferred_provider": "auto",
            "monthly_credit_budget": "",
            "new_openai_api_key": "",
            "remove_openai_api_key": "on",
            "new_anthropic_api_key": "sk-ant-new",
        },
    )

    assert response.status_code == 302
    ai.refresh_from_db()
    assert ai.openai_api_key == ""
    assert ai.anthropic_api_key == "sk-ant-new"
