"""agent_run and agent_execute: validation, the cache, credits, budgets, retries, versions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from agents import services
from agents.llm.base import PermanentLLMError, TransientLLMError
from agents.llm.services import org_ai_settings_update
from agents.models import AgentDefinition, AgentExecution
from billing.models import BillingAccount, CreditTransaction
from billing.services import billing_account_for
from config.errors import ConflictError, NotFoundError, PaymentRequiredError

pytestmark = pytest.mark.django_db

ENGINE = "master-content-engine"
ENGINE_INPUT = {
    "topic": "AI marketing for small bakeries",
    "platforms": ["instagram"],
    "variations": 3,
}


def charges(org) -> list[CreditTransaction]:
    return list(CreditTransaction.objects.for_org(org).filter(kind=CreditTransaction.Kind.CHARGE))


def balance(org) -> int:
    return BillingAccount.objects.get(organization=org).credit_balance


def run(org, actor, slug=ENGINE, data=None, **kwargs) -> AgentExecution:
    execution = services.agent_run(
        org=org, actor=actor, agent_slug=slug, input=data or ENGINE_INPUT, **kwargs
    )
    return services.agent_execute(execution_id=execution.pk)


def test_a_run_is_queued_pending_and_enqueued_on_commit(
    funded, member, django_capture_on_commit_callbacks, monkeypatch
):
    sent: list[int] = []
    monkeypatch.setattr(services, "_enqueue", sent.append)

    with django_capture_on_commit_callbacks(execute=True):
        execution = services.agent_run(
            org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT
        )

    assert execution.status == AgentExecution.Status.PENDING
    assert sent == [execution.pk]
    assert execution.input["style"] == "engaging"  # schema defaults are filled in
    assert execution.version == AgentDefinition.objects.get(slug=ENGINE).current_version


def test_a_successful_run_records_everything_and_charges_once(funded, member):
    before = balance(funded)

    execution = run(funded, member)

    assert execution.status == AgentExecution.Status.SUCCEEDED
    assert execution.provider == "offline"
    assert execution.is_offline
    assert len(execution.output["variations"]) == 3
    assert execution.credits_charged == 10
    assert not execution.cached
    assert execution.duration_ms is not None
    assert execution.finished_at is not None
    [charge] = charges(funded)
    assert charge.amount == -10
    assert charge.idempotency_key == f"agent-run:{execution.pk}"
    assert charge.related_id == str(execution.pk)
    assert balance(funded) == before - 10


def test_the_credit_cost_follows_the_agents_operation(funded, member):
    blog = run(funded, member, "blog-writer", {"topic": "composting at work"})
    strategy = run(
        funded,
        member,
        "brand-strategist",
        {"brand_name": "Leafy", "industry": "plants", "audience": "new plant parents"},
    )

    assert (blog.credits_charged, strategy.credits_charged) == (50, 40)


def test_bad_input_is_a_validation_error_naming_the_field(funded, member):
    with pytest.raises(ValidationError) as missing:
        services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input={})
    with pytest.raises(ValidationError) as wrong:
        services.agent_run(
            org=funded, actor=member, agent_slug=ENGINE, input={"topic": "ok", "variations": 50}
        )
    with pytest.raises(ValidationError) as extra:
        services.agent_run(
            org=funded, actor=member, agent_slug=ENGINE, input={"topic": "ok", "colour": "red"}
        )

    assert "input.topic" in missing.value.message_dict
    assert "input.variations" in wrong.value.message_dict
    assert "input.colour" in extra.value.message_dict
    assert not AgentExecution.objects.exists()


def test_unknown_and_disabled_agents_are_not_found(funded, member):
    AgentDefinition.objects.filter(slug="translator").update(enabled=False)

    with pytest.raises(NotFoundError):
        services.agent_run(org=funded, actor=member, agent_slug="nope", input={})
    with pytest.raises(NotFoundError):
        services.agent_run(
            org=funded,
            actor=member,
            agent_slug="translator",
            input={"text": "hi", "target_language": "es"},
        )


def test_an_identical_request_within_the_hour_is_served_from_the_cache_for_free(funded, member):
    first = run(funded, member)

    second = run(funded, member)

    assert second.cached
    assert second.credits_charged == 0
    assert second.output == first.output
    assert second.cached_from == first
    assert len(charges(funded)) == 1


def test_the_cache_key_includes_brand_voice_and_expires_after_an_hour(funded, member):
    first = run(funded, member)
    voiced = run(funded, member, data={**ENGINE_INPUT, "brand_voice": {"tone": "bold"}})
    AgentExecution.objects.filter(pk=first.pk).update(
        finished_at=timezone.now() - timedelta(hours=2)
    )
    AgentExecution.objects.filter(pk=voiced.pk).update(
        finished_at=timezone.now() - timedelta(hours=2)
    )

    later = run(funded, member)

    assert not voiced.cached
    assert voiced.output != first.output
    assert not later.cached
    assert len(charges(funded)) == 3


def test_the_cache_never_crosses_organizations(funded, member, other_org, outsider):
    billing_account_for(org=other_org)
    run(funded, member)

    theirs = run(other_org, outsider)

    assert not theirs.cached
    assert theirs.credits_charged == 10


def test_nothing_is_charged_when_the_provider_fails(funded, member, monkeypatch):
    def broken(**kwargs):
        raise PermanentLLMError("The provider refused the request.")

    monkeypatch.setattr(services, "generate", broken)
    before = balance(funded)

    execution = run(funded, member)

    assert execution.status == AgentExecution.Status.FAILED
    assert execution.error_code == "provider_error"
    assert "refused" in execution.error
    assert execution.credits_charged == 0
    assert charges(funded) == []
    assert balance(funded) == before


def test_nothing_is_charged_when_the_output_does_not_match_the_schema(funded, member, monkeypatch):
    from agents.llm.base import LLMResult, ProviderName

    monkeypatch.setattr(
        services,
        "generate",
        lambda **kw: LLMResult(
            text="{}",
            data={"topic": 1},
            provider=ProviderName.OPENAI,
            model="gpt-4o",
            input_tokens=1,
            output_tokens=1,
            latency_ms=1,
        ),
    )

    execution = run(funded, member)

    assert execution.status == AgentExecution.Status.FAILED
    assert execution.error_code == "invalid_output"
    assert charges(funded) == []


def test_a_crash_fails_the_run_instead_of_leaving_it_running(funded, member, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(services, "generate", crash)

    execution = run(funded, member)

    assert execution.status == AgentExecution.Status.FAILED
    assert execution.error_code == "internal_error"
    assert charges(funded) == []


def test_a_transient_failure_goes_back_to_pending_then_succeeds(funded, member, monkeypatch):
    real = services.generate
    calls = {"n": 0}

    def flaky(**kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise TransientLLMError("rate limited", retry_after=7)
        return real(**kwargs)

    monkeypatch.setattr(services, "generate", flaky)
    execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT)

    with pytest.raises(services.RetryLaterError) as retry:
        services.agent_execute(execution_id=execution.pk)
    execution.refresh_from_db()
    assert retry.value.countdown == 7
    assert execution.status == AgentExecution.Status.PENDING

    done = services.agent_execute(execution_id=execution.pk)
    assert done.status == AgentExecution.Status.SUCCEEDED
    assert done.attempts == 2
    assert len(charges(funded)) == 1


def test_transient_failures_stop_after_three_attempts(funded, member, monkeypatch):
    def down(**kwargs):
        raise TransientLLMError("overloaded")

    monkeypatch.setattr(services, "generate", down)
    execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT)

    for _ in range(2):
        with pytest.raises(services.RetryLaterError):
            services.agent_execute(execution_id=execution.pk)
    final = services.agent_execute(execution_id=execution.pk)

    assert final.status == AgentExecution.Status.FAILED
    assert final.error_code == "provider_unavailable"
    assert charges(funded) == []


def test_executing_twice_has_one_effect(funded, member):
    execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT)

    first = services.agent_execute(execution_id=execution.pk)
    second = services.agent_execute(execution_id=execution.pk)

    assert first.status == second.status == AgentExecution.Status.SUCCEEDED
    assert second.attempts == 1
    assert second.output == first.output
    assert len(charges(funded)) == 1


def test_an_abandoned_running_execution_is_reclaimed(funded, member):
    execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT)
    AgentExecution.objects.filter(pk=execution.pk).update(
        status=AgentExecution.Status.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )

    done = services.agent_execute(execution_id=execution.pk)

    assert done.status == AgentExecution.Status.SUCCEEDED
    assert len(charges(funded)) == 1


def test_a_short_balance_is_refused_up_front(org, member, catalog):
    billing_account_for(org=org)  # the free plan's 50 credits
    BillingAccount.objects.filter(organization=org).update(credit_balance=5)

    with pytest.raises(PaymentRequiredError) as exc:
        services.agent_run(org=org, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT)

    assert exc.value.code == "insufficient_credits"
    assert not AgentExecution.objects.exists()


def test_a_balance_spent_before_the_run_starts_fails_it_without_a_charge(funded, member):
    execution = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT)
    BillingAccount.objects.filter(organization=funded).update(credit_balance=3)

    done = services.agent_execute(execution_id=execution.pk)

    assert done.status == AgentExecution.Status.FAILED
    assert done.error_code == "insufficient_credits"
    assert charges(funded) == []


def test_the_monthly_ai_budget_is_enforced_up_front_and_when_charging(funded, member, owner):
    org_ai_settings_update(org=funded, actor=owner, monthly_credit_budget=15)
    run(funded, member)  # 10 of 15

    with pytest.raises(PaymentRequiredError) as exc:
        services.agent_run(
            org=funded, actor=member, agent_slug=ENGINE, input={**ENGINE_INPUT, "topic": "another"}
        )

    assert exc.value.code == "ai_budget_exceeded"
    assert exc.value.fields == {"budget": 15, "spent": 10, "cost": 10}


def test_a_cache_hit_is_served_even_past_the_budget(funded, member, owner):
    run(funded, member)
    org_ai_settings_update(org=funded, actor=owner, monthly_credit_budget=10)

    again = run(funded, member)

    assert again.cached
    assert again.status == AgentExecution.Status.SUCCEEDED


def test_runs_pending_when_the_budget_filled_up_fail_without_a_charge(funded, member, owner):
    queued = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT)
    org_ai_settings_update(org=funded, actor=owner, monthly_credit_budget=5)

    done = services.agent_execute(execution_id=queued.pk)

    assert done.status == AgentExecution.Status.FAILED
    assert done.error_code == "ai_budget_exceeded"
    assert charges(funded) == []


def test_an_idempotency_key_returns_the_same_execution(funded, member):
    first = services.agent_run(
        org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT, idempotency_key="k-1"
    )

    again = services.agent_run(
        org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT, idempotency_key="k-1"
    )

    assert again.pk == first.pk
    with pytest.raises(ConflictError):
        services.agent_run(
            org=funded,
            actor=member,
            agent_slug=ENGINE,
            input={"topic": "else"},
            idempotency_key="k-1",
        )


def test_editing_a_prompt_makes_a_new_version_and_old_runs_keep_theirs(funded, member, admin):
    agent = AgentDefinition.objects.get(slug=ENGINE)
    old = run(funded, member)
    v1 = agent.current_version

    v2 = services.agent_version_create(
        agent=agent,
        actor=admin,
        system_prompt=v1.system_prompt + " Always mention the season.",
        user_template=v1.user_template,
        input_schema=v1.input_schema,
        output_schema=v1.output_schema,
        notes="seasonal",
    )
    new = run(funded, member)

    assert v2.number == v1.number + 1
    assert v2.source == "staff"
    assert v2.created_by == admin
    old.refresh_from_db()
    assert old.version == v1
    assert new.version == v2
    assert not new.cached  # a new version is a new request
    assert (
        services.agent_version_create(
            agent=agent,
            actor=admin,
            system_prompt=v2.system_prompt,
            user_template=v2.user_template,
            input_schema=v2.input_schema,
            output_schema=v2.output_schema,
        )
        == v2
    )  # saving without a change makes no version


def test_the_prompt_sent_to_the_model_carries_the_input_and_brand_voice(funded, member):
    execution = services.agent_run(
        org=funded,
        actor=member,
        agent_slug=ENGINE,
        input={**ENGINE_INPUT, "brand_voice": {"tone": "bold", "words_to_avoid": ["cheap"]}},
    )

    request = services.llm_request_for(execution=execution)

    assert "Topic: AI marketing for small bakeries" in request.messages[0].content
    assert "Audience: (not given)" in request.messages[0].content
    assert "Never use these words: cheap." in request.system
    assert request.json_schema == execution.version.output_schema
    assert request.agent_slug == ENGINE
    assert request.agent_input == execution.input


def test_lost_task_messages_are_requeued(funded, member, monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(services, "_enqueue", sent.append)
    stale = services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input=ENGINE_INPUT)
    AgentExecution.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )
    services.agent_run(org=funded, actor=member, agent_slug=ENGINE, input={"topic": "fresh one"})

    assert services.executions_requeue_stale() == 1
    assert sent == [stale.pk]
