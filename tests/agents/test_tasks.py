"""The Celery task: a thin wrapper over agent_execute, safe to run twice, on the llm queue."""

from __future__ import annotations

import time

import pytest

from agents.models import AgentExecution
from agents.tasks import execute_agent_run
from billing.models import CreditTransaction

ENGINE = "master-content-engine"
INPUT = {"topic": "bread baking classes", "platforms": ["instagram"], "variations": 2}


@pytest.mark.django_db
def test_the_task_run_twice_has_one_effect(funded, member, monkeypatch):
    from agents import services

    monkeypatch.setattr(services, "_enqueue", lambda execution_id: None)
    execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=INPUT)

    execute_agent_run.apply(args=(execution.pk,))
    execute_agent_run.apply(args=(execution.pk,))

    execution.refresh_from_db()
    assert execution.status == AgentExecution.Status.SUCCEEDED
    assert execution.attempts == 1
    assert CreditTransaction.objects.for_org(funded).filter(kind="charge").count() == 1


@pytest.mark.django_db
def test_the_task_goes_to_the_llm_queue(
    funded, member, django_capture_on_commit_callbacks, monkeypatch
):
    from agents import services

    sent: list[dict] = []
    monkeypatch.setattr(
        execute_agent_run,
        "apply_async",
        lambda args, queue: sent.append({"args": args, "queue": queue}),
    )

    with django_capture_on_commit_callbacks(execute=True):
        execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=INPUT)

    assert sent == [{"args": (execution.pk,), "queue": "llm"}]
    from config.celery import app

    route = app.amqp.router.route({}, execute_agent_run.name, args=(1,), kwargs={})
    assert route["queue"].name == "llm"
    assert execute_agent_run.acks_late


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_api_run_goes_through_a_real_celery_worker(celery_worker, funded, member, api_as):
    response = api_as(member).post(
        f"/api/v1/orgs/{funded.slug}/agents/{ENGINE}/runs/", {"input": INPUT}, format="json"
    )
    assert response.status_code == 202, response.content
    execution_id = response.json()["id"]

    deadline = time.monotonic() + 30
    status = "pending"
    while time.monotonic() < deadline and status in ("pending", "running"):
        time.sleep(0.2)
        status = AgentExecution.objects.values_list("status", flat=True).get(pk=execution_id)

    execution = AgentExecution.objects.get(pk=execution_id)
    assert execution.status == "succeeded", execution.error
    assert execution.provider == "offline"
    assert execution.credits_charged == 10
    assert execution.started_at >= execution.created_at
