"""Staff edit agents in admin: a prompt change is a new version; runs are read-only."""

from __future__ import annotations

import json

import pytest

from agents.models import AgentDefinition, AgentExecution

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


def _form_data(agent: AgentDefinition, **changes) -> dict:
    version = agent.current_version
    assert version is not None
    data = {
        "slug": agent.slug,
        "name": agent.name,
        "category": agent.category,
        "description": agent.description,
        "capabilities": json.dumps(agent.capabilities),
        "provider_tier": agent.provider_tier,
        "pinned_provider": "",
        "pinned_model": "",
        "credit_operation": agent.credit_operation,
        "enabled": "on",
        "example_input": json.dumps(agent.example_input),
        "sort_order": agent.sort_order,
        "system_prompt": version.system_prompt,
        "user_template": version.user_template,
        "input_schema": json.dumps(version.input_schema),
        "output_schema": json.dumps(version.output_schema),
        "version_notes": "",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_editing_a_prompt_in_admin_makes_a_new_version(admin_client):
    agent = AgentDefinition.objects.get(slug="comment-replier")
    shipped = agent.current_version.number
    change_url = f"/admin/agents/agentdefinition/{agent.pk}/change/"

    page = admin_client.get(change_url)
    response = admin_client.post(
        change_url,
        _form_data(agent, system_prompt="Reply like a friendly barista.", version_notes="shorter"),
    )

    assert page.status_code == 200
    assert b"Shipped with Herald" in page.content
    assert response.status_code == 302, response.content.decode()[:2000]
    agent.refresh_from_db()
    assert agent.current_version.number == shipped + 1
    assert agent.current_version.system_prompt == "Reply like a friendly barista."
    assert agent.current_version.source == "staff"
    assert agent.current_version.notes == "shorter"
    assert agent.versions.filter(source="staff").count() == 1


def test_saving_without_a_prompt_change_keeps_the_version(admin_client):
    agent = AgentDefinition.objects.get(slug="comment-replier")
    shipped = agent.current_version.number

    admin_client.post(
        f"/admin/agents/agentdefinition/{agent.pk}/change/", _form_data(agent, name="Replier")
    )

    agent.refresh_from_db()
    assert agent.name == "Replier"
    assert agent.current_version.number == shipped


def test_an_invalid_schema_is_refused(admin_client):
    agent = AgentDefinition.objects.get(slug="comment-replier")
    shipped = agent.current_version.number

    response = admin_client.post(
        f"/admin/agents/agentdefinition/{agent.pk}/change/",
        _form_data(agent, input_schema='{"type": "objekt"}'),
    )

    assert response.status_code == 200
    assert b"Not a valid JSON Schema" in response.content
    agent.refresh_from_db()
    assert agent.current_version.number == shipped


def test_executions_admin_filters_by_status_agent_and_org(admin_client, org, member):
    from agents import services
    from billing.services import billing_account_for

    billing_account_for(org=org)
    services.agent_run(org=org, actor=member, agent_slug="hook-generator", input={"topic": "kites"})

    listing = admin_client.get("/admin/agents/agentexecution/", {"status__exact": "pending"})

    assert listing.status_code == 200
    assert b"Hook Generator" in listing.content
    for name in (b"status", b"agent", b"organization"):
        assert name in listing.content
    assert AgentExecution.objects.count() == 1
