"""The agents API: catalog reads, runs (202, 400, 402, 403, 404, Idempotency-Key), executions."""

from __future__ import annotations

import pytest

from agents import services
from agents.llm.services import org_ai_settings_update
from agents.models import AgentExecution
from billing.models import BillingAccount, CreditTransaction

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]

ENGINE = "master-content-engine"
INPUT = {"topic": "dog-friendly cafes", "platforms": ["instagram"], "variations": 2}


def base(org) -> str:
    return f"/api/v1/orgs/{org.slug}"


@pytest.fixture(autouse=True)
def _inline_tasks(celery_eager):
    """Runs complete inline when their transaction commits (the real worker has its own test)."""


def test_viewers_read_the_catalog_and_filter_by_category(org, viewer, api_as):
    client = api_as(viewer)

    everything = client.get(f"{base(org)}/agents/").json()
    analytics = client.get(f"{base(org)}/agents/", {"category": "analytics"}).json()

    assert everything["count"] >= 25
    engine = next(a for a in everything["results"] if a["slug"] == ENGINE)
    assert engine["credit_cost"] == 10
    assert engine["category"] == "content_creation"
    assert engine["version"] >= 1
    assert engine["capabilities"]
    assert analytics["count"] == 6
    assert {a["category"] for a in analytics["results"]} == {"analytics"}


def test_an_agent_shows_its_schemas_and_example(org, viewer, api_as):
    response = api_as(viewer).get(f"{base(org)}/agents/{ENGINE}/")

    body = response.json()
    assert response.status_code == 200
    assert body["input_schema"]["required"] == ["topic"]
    assert "variations" in body["output_schema"]["properties"]
    assert body["example_input"]["topic"]
    assert api_as(viewer).get(f"{base(org)}/agents/no-such-agent/").status_code == 404


def test_a_member_runs_an_agent_and_gets_202_then_the_result(
    funded, member, api_as, django_capture_on_commit_callbacks
):
    client = api_as(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{base(funded)}/agents/{ENGINE}/runs/", {"input": INPUT}, format="json"
        )

    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "pending"
    assert body["agent"] == ENGINE
    assert body["trigger"] == "api"
    done = client.get(f"{base(funded)}/executions/{body['id']}/").json()
    assert done["status"] == "succeeded"
    assert done["provider"] == "offline"
    assert done["provider_label"] == "offline writer"
    assert done["credits_charged"] == 10
    assert len(done["output"]["variations"]) == 2
    assert done["error"] is None
    assert done["duration_ms"] is not None


def test_an_api_key_with_the_member_role_can_run(funded, owner, api_client):
    from organizations.services import api_key_create

    _, key = api_key_create(org=funded, actor=owner, name="zap", role="member")
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")

    response = api_client.post(
        f"{base(funded)}/agents/{ENGINE}/runs/", {"input": INPUT}, format="json"
    )

    assert response.status_code == 202
    assert AgentExecution.objects.get().actor is None


def test_bad_input_is_a_400_naming_the_field(funded, member, api_as):
    response = api_as(member).post(
        f"{base(funded)}/agents/{ENGINE}/runs/", {"input": {"variations": 99}}, format="json"
    )

    body = response.json()
    assert response.status_code == 400
    assert body["error"]["code"] == "validation_error"
    assert {"input.topic", "input.variations"} <= set(body["error"]["fields"])
    not_an_object = api_as(member).post(
        f"{base(funded)}/agents/{ENGINE}/runs/", {"input": [1]}, format="json"
    )
    assert not_an_object.status_code == 400


def test_viewers_cannot_run_agents(org, viewer, api_as):
    response = api_as(viewer).post(
        f"{base(org)}/agents/{ENGINE}/runs/", {"input": INPUT}, format="json"
    )

    assert response.status_code == 403
    assert not AgentExecution.objects.exists()


def test_outsiders_get_404_everywhere(funded, member, outsider, other_org, api_as):
    execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=INPUT)
    client = api_as(outsider)

    assert client.get(f"{base(funded)}/agents/").status_code == 404
    assert (
        client.post(
            f"{base(funded)}/agents/{ENGINE}/runs/", {"input": INPUT}, format="json"
        ).status_code
        == 404
    )
    assert client.get(f"{base(funded)}/executions/{execution.pk}/").status_code == 404
    # another organization's execution id under the outsider's own organization
    assert client.get(f"{base(other_org)}/executions/{execution.pk}/").status_code == 404
    assert client.get(f"{base(other_org)}/executions/").json()["results"] == []


def test_running_without_credits_is_a_402_straight_away(org, member, api_as):
    from billing.services import billing_account_for

    billing_account_for(org=org)
    BillingAccount.objects.filter(organization=org).update(credit_balance=0)

    response = api_as(member).post(
        f"{base(org)}/agents/blog-writer/runs/", {"input": {"topic": "tea"}}, format="json"
    )

    assert response.status_code == 402
    assert response.json()["error"]["code"] == "insufficient_credits"
    assert not AgentExecution.objects.exists()


def test_running_past_the_monthly_ai_budget_is_a_402(funded, member, owner, api_as):
    org_ai_settings_update(org=funded, actor=owner, monthly_credit_budget=5)

    response = api_as(member).post(
        f"{base(funded)}/agents/{ENGINE}/runs/", {"input": INPUT}, format="json"
    )

    assert response.status_code == 402
    assert response.json()["error"]["code"] == "ai_budget_exceeded"
    assert response.json()["error"]["fields"]["budget"] == 5


def test_an_idempotency_key_replays_the_same_execution_without_a_second_charge(
    funded, member, api_as, django_capture_on_commit_callbacks
):
    client = api_as(member)
    url = f"{base(funded)}/agents/{ENGINE}/runs/"

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"input": INPUT}, format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"input": INPUT}, format="json", HTTP_IDEMPOTENCY_KEY="abc-123")
    conflict = client.post(
        url, {"input": {**INPUT, "topic": "cats"}}, format="json", HTTP_IDEMPOTENCY_KEY="abc-123"
    )

    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"]
    assert again.json()["status"] == "succeeded"
    assert CreditTransaction.objects.for_org(funded).filter(kind="charge").count() == 1
    assert conflict.status_code == 409


def _make_runs(org, actor, n: int) -> None:
    for i in range(n):
        services.agent_run(
            org=org, actor=actor, agent_slug=ENGINE, input={**INPUT, "topic": f"topic {i}"}
        )


def test_executions_list_pages_by_cursor_and_filters(funded, member, api_as):
    _make_runs(funded, member, 5)
    services.agent_run(
        org=funded, actor=member, agent_slug="hook-generator", input={"topic": "kayaks"}
    )
    client = api_as(member)

    page = client.get(f"{base(funded)}/executions/", {"page_size": 4}).json()
    rest = client.get(page["next"]).json()
    hooks = client.get(f"{base(funded)}/executions/", {"agent": "hook-generator"}).json()
    pending = client.get(
        f"{base(funded)}/executions/", {"status": "pending", "trigger": "user"}
    ).json()
    none = client.get(f"{base(funded)}/executions/", {"status": "failed"}).json()

    assert len(page["results"]) == 4
    assert len(rest["results"]) == 2
    ids = [r["id"] for r in page["results"] + rest["results"]]
    assert ids == sorted(ids, reverse=True)
    assert [r["agent"] for r in hooks["results"]] == ["hook-generator"]
    assert len(pending["results"]) == 6
    assert none["results"] == []


def test_executions_list_costs_the_same_queries_for_any_page_size(funded, member, api_as):
    _make_runs(funded, member, 12)
    client = api_as(member)
    client.get(f"{base(funded)}/executions/", {"page_size": 1})  # warm the auth caches

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(f"{base(funded)}/executions/", {"page_size": 1})
    with CaptureQueriesContext(connection) as twelve:
        client.get(f"{base(funded)}/executions/", {"page_size": 12})

    assert len(one) == len(twelve)
