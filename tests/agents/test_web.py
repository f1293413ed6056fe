"""The agents pages: catalog, run form from the schema, live result panel, history, AI settings."""

from __future__ import annotations

import pytest

from agents import services
from agents.llm.selectors import org_ai_settings_get
from agents.models import AgentExecution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

ENGINE = "master-content-engine"


def url(org, path: str = "") -> str:
    return f"/app/{org.slug}/agents/{path}"


def test_the_catalog_is_grouped_by_category(org, viewer, client):
    client.force_login(viewer)

    response = client.get(url(org))

    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("Content creation", "Analytics", "Engagement", "Strategy", "Admin &amp; QA"):
        assert heading in html
    assert 'data-testid="agent-master-content-engine"' in html
    assert "10 credits" in html
    filtered = client.get(url(org), {"category": "strategy"}).content.decode()
    assert "Brand Strategist" in filtered
    assert "Master Content Engine" not in filtered


def test_the_run_form_is_built_from_the_input_schema(org, member, client):
    client.force_login(member)

    html = client.get(url(org, f"{ENGINE}/")).content.decode()

    assert 'name="topic"' in html
    assert 'value="AI marketing for small bakeries"' in html
    assert '<select name="style"' in html
    assert 'type="checkbox" name="platforms" value="linkedin"' in html
    assert 'name="variations"' in html
    assert 'type="number"' in html
    assert 'name="brand_voice__words_to_avoid"' in html
    assert "<script" not in html.split("</head>")[1]  # strict CSP: no inline scripts
    assert " onclick=" not in html


def test_submitting_the_form_runs_the_agent_and_shows_the_result(
    funded, member, client, monkeypatch
):
    monkeypatch.setattr(services, "_enqueue", lambda execution_id: None)
    client.force_login(member)

    response = client.post(
        url(funded, f"{ENGINE}/"),
        {
            "topic": "vegan cakes",
            "style": "engaging",
            "platforms": ["instagram", "x"],
            "variations": "2",
            "key_points": "Baked fresh daily\nNo dairy, no compromise",
            "brand_voice__words_to_avoid": "cheap",
            "brand_voice__emoji": "none",
        },
    )

    execution = AgentExecution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(funded, f"runs/{execution.pk}/")
    assert execution.input["key_points"] == ["Baked fresh daily", "No dairy, no compromise"]
    assert execution.input["brand_voice"] == {"words_to_avoid": ["cheap"], "emoji": "none"}

    pending = client.get(url(funded, f"runs/{execution.pk}/status/")).content.decode()
    assert 'hx-trigger="every 1s"' in pending
    assert 'data-status="pending"' in pending

    services.agent_execute(execution_id=execution.pk)
    done = client.get(url(funded, f"runs/{execution.pk}/status/")).content.decode()
    page = client.get(url(funded, f"runs/{execution.pk}/")).content.decode()

    assert "hx-trigger" not in done
    assert 'data-status="succeeded"' in done
    assert "offline writer" in done
    assert "vegan cakes" in done
    assert "offline writer" in page
    assert "10 credits" in page


def test_form_errors_from_the_schema_show_next_to_the_field(funded, member, client):
    client.force_login(member)

    response = client.post(url(funded, f"{ENGINE}/"), {"topic": "ab", "variations": "3"})

    assert response.status_code == 400
    assert "Use at least 3 characters." in response.content.decode()
    assert not AgentExecution.objects.exists()


def test_a_run_without_credits_says_so(org, member, client):
    from billing.models import BillingAccount
    from billing.services import billing_account_for

    billing_account_for(org=org)
    BillingAccount.objects.filter(organization=org).update(credit_balance=0)
    client.force_login(member)

    response = client.post(url(org, "blog-writer/"), {"topic": "sourdough", "length": "short"})

    assert response.status_code == 402
    assert "Not enough credits" in response.content.decode()


def test_viewers_see_the_form_but_cannot_run(org, viewer, client):
    client.force_login(viewer)

    page = client.get(url(org, f"{ENGINE}/")).content.decode()
    response = client.post(url(org, f"{ENGINE}/"), {"topic": "cats"})

    assert "<fieldset disabled>" in page
    assert 'data-testid="run-button"' not in page
    assert response.status_code == 403
    assert not AgentExecution.objects.exists()


def test_a_failed_run_says_what_to_do_next(funded, member, client):
    execution = services.agent_run(
        org=funded, actor=member, agent_slug=ENGINE, input={"topic": "kites"}
    )
    AgentExecution.objects.filter(pk=execution.pk).update(
        status="failed", error_code="ai_budget_exceeded", error="Budget reached."
    )
    client.force_login(member)

    html = client.get(url(funded, f"runs/{execution.pk}/status/")).content.decode()

    assert "Budget reached." in html
    assert "AI settings" in html
    assert "hx-trigger" not in html


def test_history_lists_runs_with_cost_and_duration(funded, member, client):
    execution = services.agent_run(
        org=funded, actor=member, agent_slug=ENGINE, input={"topic": "kites"}
    )
    services.agent_execute(execution_id=execution.pk)
    client.force_login(member)

    html = client.get(url(funded, "runs/")).content.decode()
    filtered = client.get(url(funded, "runs/"), {"status": "failed"}).content.decode()

    assert f"#{execution.pk}" in html
    assert " ms" in html
    assert "offline writer" in html
    assert f"#{execution.pk}" not in filtered


def test_another_orgs_run_is_a_404(funded, member, other_org, outsider, client):
    execution = services.agent_run(
        org=funded, actor=member, agent_slug=ENGINE, input={"topic": "kites"}
    )
    client.force_login(outsider)

    assert client.get(url(other_org, f"runs/{execution.pk}/")).status_code == 404
    assert client.get(url(other_org, f"runs/{execution.pk}/status/")).status_code == 404
    assert client.get(url(funded, f"runs/{execution.pk}/")).status_code == 404


def test_admins_manage_ai_settings_and_keys_are_never_shown(org, admin, member, client):
    client.force_login(admin)

    saved = client.post(
        url(org, "settings/"),
        {
            "preferred_provider": "anthropic",
            "anthropic_api_key": "sk-ant-secret-value",
            "monthly_credit_budget": "500",
        },
    )
    page = client.get(url(org, "settings/")).content.decode()
    client.force_login(member)
    forbidden = client.get(url(org, "settings/"))

    ai = org_ai_settings_get(org=org)
    assert saved.status_code == 302
    assert ai.preferred_provider == "anthropic"
    assert ai.anthropic_api_key == "sk-ant-secret-value"
    assert ai.monthly_credit_budget == 500
    assert "sk-ant-secret-value" not in page
    assert "Key saved" in page
    assert forbidden.status_code == 403

    client.force_login(admin)
    client.post(
        url(org, "settings/"), {"preferred_provider": "auto", "monthly_credit_budget": "500"}
    )
    assert org_ai_settings_get(org=org).anthropic_api_key == "sk-ant-secret-value"  # empty keeps it
    client.post(
        url(org, "settings/"),
        {
            "preferred_provider": "auto",
            "remove_anthropic_api_key": "on",
            "monthly_credit_budget": "",
        },
    )
    ai = org_ai_settings_get(org=org)
    assert ai.anthropic_api_key == ""
    assert ai.monthly_credit_budget is None
