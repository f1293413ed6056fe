"""Credits under concurrency, on PostgreSQL with real transactions and one connection per thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from agents import services
from agents.llm.services import org_ai_settings_update
from agents.models import AgentExecution
from billing.models import CreditTransaction
from billing.selectors import ledger_drift

pytestmark = pytest.mark.django_db(transaction=True)

ENGINE = "master-content-engine"
INPUT = {"topic": "spring menu launch", "platforms": ["instagram", "x"], "variations": 4}
THREADS = 8


def in_threads(n: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def target(i: int) -> None:
        try:
            barrier.wait()
            value = work(i)
            with lock:
                results.append(value)
        except BaseException as exc:  # collected and asserted on by the test
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results, errors


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    """These tests run executions themselves; nothing goes to the broker."""
    monkeypatch.setattr(services, "_enqueue", lambda execution_id: None)


def charges(org) -> list[CreditTransaction]:
    return list(CreditTransaction.objects.for_org(org).filter(kind=CreditTransaction.Kind.CHARGE))


def test_concurrent_requests_with_one_idempotency_key_make_one_run_and_one_charge(funded, member):
    def request(_: int) -> int:
        execution = services.agent_run(
            org=funded, actor=member, agent_slug=ENGINE, input=INPUT, idempotency_key="same-key"
        )
        return services.agent_execute(execution_id=execution.pk).pk

    ids, errors = in_threads(THREADS, request)

    assert errors == []
    assert len(set(ids)) == 1
    execution = AgentExecution.objects.get()
    assert execution.status == AgentExecution.Status.SUCCEEDED
    assert execution.attempts == 1
    assert [c.amount for c in charges(funded)] == [-10]
    assert ledger_drift(org=funded) == 0


def test_one_execution_claimed_by_many_workers_is_charged_once(funded, member):
    execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=INPUT)

    results, errors = in_threads(
        THREADS, lambda _: services.agent_execute(execution_id=execution.pk).status
    )

    assert errors == []
    assert "succeeded" in results
    assert set(results) <= {"running", "succeeded"}  # the losers see the winner's state
    execution.refresh_from_db()
    assert execution.status == AgentExecution.Status.SUCCEEDED
    assert execution.attempts == 1
    assert execution.credits_charged == 10
    assert len(charges(funded)) == 1


def test_concurrent_identical_requests_charge_exactly_once_per_successful_run(funded, member):
    def request(_: int) -> AgentExecution:
        execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=INPUT)
        return services.agent_execute(execution_id=execution.pk)

    runs, errors = in_threads(THREADS, request)

    assert errors == []
    assert len(runs) == THREADS
    assert all(r.status == AgentExecution.Status.SUCCEEDED for r in runs)
    fresh = [r for r in runs if not r.cached]
    assert {c.idempotency_key for c in charges(funded)} == {f"agent-run:{r.pk}" for r in fresh}
    assert all(r.credits_charged == 0 for r in runs if r.cached)
    assert ledger_drift(org=funded) == 0


def test_the_monthly_budget_holds_under_concurrent_runs(funded, member, owner):
    org_ai_settings_update(org=funded, actor=owner, monthly_credit_budget=30)

    def request(i: int) -> AgentExecution:
        execution = services.agent_run(
            org=funded, actor=member, agent_slug=ENGINE, input={**INPUT, "topic": f"topic {i}"}
        )
        return services.agent_execute(execution_id=execution.pk)

    runs, errors = in_threads(THREADS, request)

    assert errors == []
    succeeded = [r for r in runs if r.status == AgentExecution.Status.SUCCEEDED]
    assert len(succeeded) == 3
    assert {r.error_code for r in runs if r.status == AgentExecution.Status.FAILED} == {
        "ai_budget_exceeded"
    }
    assert sum(-c.amount for c in charges(funded)) == 30
