"""Writes for the agent catalog and its runs.

`agent_run` is what the web UI, the API, tasks and the agentic engine call: it validates the
input, refuses up front what the organization cannot pay for (402), records a PENDING
execution and enqueues `agents.execute_agent_run` on the `llm` queue once the transaction
commits. It never calls a model. `agent_execute` is what that task runs: it claims the
execution with a conditional UPDATE (a second delivery does nothing), serves identical recent
requests from the cache for free, calls the model through the LLM router outside any
transaction, validates the answer, and charges credits exactly once, only on success.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import datetime, timedelta
from functools import lru_cache, partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from accounts.models import User
from agents.llm.base import (
    InvalidOutputError,
    LLMError,
    LLMRequest,
    LLMResult,
    Message,
    ProviderName,
    Tier,
    TransientLLMError,
)
from agents.llm.selectors import org_ai_settings_get
from agents.models import AgentDefinition, AgentExecution, AgentVersion
from agents.selectors import agent_get, ai_credits_spent_this_month
from billing.services import billing_account_for, credit_cost, credits_charge
from config.errors import ConflictError, PaymentRequiredError, ServiceUnavailableError
from organizations.models import Organization
from organizations.services import audit_record

logger = logging.getLogger(__name__)

CACHE_TTL = timedelta(hours=1)  # seed 000: identical generations are served for an hour
STALE_RUNNING_AFTER = timedelta(minutes=10)  # longer than the task's hard time limit
MAX_ATTEMPTS = 3
RETRY_BACKOFF_SECONDS = (5, 30, 120)
PLACEHOLDER = "{%s}"
OFFLINE_LABEL = "offline writer"

Status = AgentExecution.Status


class RetryLaterError(Exception):
    """A transient provider failure: the execution is back to PENDING; run it again later."""

    def __init__(self, countdown: int) -> None:
        super().__init__(f"retry in {countdown}s")
        self.countdown = countdown


class _ClaimLostError(Exception):
    """Another worker reclaimed the execution: undo what this one was about to write."""


# --- Input, prompts and the cache key ----------------------------------------------------------


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _with_defaults(schema: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Fill top-level defaults, so `{topic}` and `{topic, style: default}` are one request."""
    filled = dict(data)
    for name, prop in (schema.get("properties") or {}).items():
        if name not in filled and isinstance(prop, dict) and "default" in prop:
            filled[name] = prop["default"]
    return filled


def _field_path(path: Any) -> str:
    return ".".join(["input", *(str(p) for p in path)])


@lru_cache(maxsize=256)
def _validator(schema_json: str) -> Draft202012Validator:
    """Compiled validators, by schema text: versions are immutable, so this never goes stale."""
    return Draft202012Validator(
        json.loads(schema_json), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def validate_against(schema: dict[str, Any], data: Any, *, prefix: str) -> None:
    """Raise ValidationError naming each field that does not match `schema`."""
    validator = _validator(canonical_json(schema))
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    fields: dict[str, list[str]] = {}
    for error in errors[:10]:
        path = list(error.absolute_path)
        if error.validator == "required" and isinstance(error.instance, dict):
            missing = next((r for r in error.validator_value if r not in error.instance), None)
            if missing is not None:
                path.append(missing)
                fields.setdefault(".".join([prefix, *map(str, path)]), []).append(
                    "This field is required."
                )
                continue
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set((error.schema.get("properties") or {}).keys())
            for extra in sorted(set(error.instance) - allowed):
                key = ".".join([prefix, *map(str, path), extra])
                fields.setdefault(key, []).append("This field is not accepted by this agent.")
            continue
        fields.setdefault(".".join([prefix, *map(str, path)]), []).append(_message(error))
    raise ValidationError(fields)


_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
}


def _message(error: Any) -> str:
    """A sentence a person can act on, instead of the validator's own wording."""
    value = error.validator_value
    messages = {
        "minLength": f"Use at least {value} characters.",
        "maxLength": f"Use at most {value} characters.",
        "minimum": f"Must be at least {value}.",
        "maximum": f"Must be at most {value}.",
        "minItems": f"Give at least {value}.",
        "maxItems": f"Give at most {value}.",
        "uniqueItems": "Each value may appear only once.",
        "type": f"Must be {_TYPES.get(str(value), str(value))}.",
        "pattern": "This is not in the expected format.",
        "format": f"This is not a valid {value}.",
    }
    if error.validator == "enum":
        return "Choose one of: " + ", ".join(map(str, value)) + "."
    return messages.get(error.validator, str(error.message))


def agent_input_clean(*, version: AgentVersion, data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationError({"input": "Send the agent's input as a JSON object."})
    validate_against(version.input_schema, data, prefix="input")
    return _with_defaults(version.input_schema, data)


def cache_key_for(*, version: AgentVersion, data: dict[str, Any]) -> str:
    """Same version + same canonical input (brand voice included) = same answer."""
    return hashlib.sha256(f"{version.pk}:{canonical_json(data)}".encode()).hexdigest()


def _render_value(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "(not given)"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "; ".join(value)
    if isinstance(value, str):
        return value
    return canonical_json(value)


def render_template(template: str, data: dict[str, Any]) -> str:
    """Replace `{name}` placeholders; plain substitution, no format-string evaluation."""
    out = template
    for name, value in data.items():
        out = out.replace(PLACEHOLDER % name, _render_value(value))
    # Placeholders for optional fields the request left out.
    return re.sub(r"\{([a-z_][a-z0-9_]*)\}", "(not given)", out)


def describe_brand_voice(voice: dict[str, Any]) -> str:
    if not voice:
        return "No brand voice given: write in a friendly, clear tone with light emoji use."
    parts = []
    if voice.get("brand_name"):
        parts.append(f"Brand: {voice['brand_name']}.")
    if voice.get("tone"):
        parts.append(f"Tone: {voice['tone']}.")
    if voice.get("audience"):
        parts.append(f"Audience: {voice['audience']}.")
    if voice.get("words_to_use"):
        parts.append("Use these words: " + ", ".join(voice["words_to_use"]) + ".")
    if voice.get("words_to_avoid"):
        parts.append("Never use these words: " + ", ".join(voice["words_to_avoid"]) + ".")
    parts.append(f"Emoji: {voice.get('emoji') or 'light'}.")
    return " ".join(parts)


def llm_request_for(*, execution: AgentExecution) -> LLMRequest:
    version = execution.version
    data = dict(execution.input)
    voice = data.get("brand_voice") or {}
    system = (
        f"{version.system_prompt}\n\nBrand voice: {describe_brand_voice(voice)}\n\n"
        "Reply with a single JSON object that matches the output schema."
    )
    creative = execution.agent.category in ("content_creation", "engagement")
    return LLMRequest(
        system=system,
        messages=(Message(role="user", content=render_template(version.user_template, data)),),
        model="",
        max_tokens=4000 if execution.agent.credit_operation in ("blog", "strategy") else 2000,
        temperature=0.8 if creative else 0.3,
        json_schema=version.output_schema,
        schema_name=execution.agent.slug.replace("-", "_"),
        agent_slug=execution.agent.slug,
        agent_input=data,
        brand_voice=voice,
    )


# --- Money -------------------------------------------------------------------------------------


def _cached_source(
    *, org: Organization, cache_key: str, exclude_id: int | None = None
) -> AgentExecution | None:
    recent = AgentExecution.objects.for_org(org).filter(
        cache_key=cache_key,
        status=Status.SUCCEEDED,
        finished_at__gte=timezone.now() - CACHE_TTL,
    )
    if exclude_id is not None:
        recent = recent.exclude(pk=exclude_id)
    return recent.order_by("-finished_at", "-id").first()


def ai_budget_check(*, org: Organization, cost: int, check_balance: bool = True) -> None:
    """402 when this run would pass the monthly AI budget or the credit balance."""
    ai_settings = org_ai_settings_get(org=org)
    budget = ai_settings.monthly_credit_budget if ai_settings is not None else None
    if budget is not None:
        spent = ai_credits_spent_this_month(org=org)
        if spent + cost > budget:
            raise PaymentRequiredError(
                f"This run costs {cost} credits and would pass your monthly AI budget "
                f"({spent} of {budget} credits used). An admin can raise the budget in "
                "AI settings.",
                code="ai_budget_exceeded",
                fields={"budget": budget, "spent": spent, "cost": cost},
            )
    if check_balance:
        balance = billing_account_for(org=org).credit_balance
        if balance < cost:
            raise PaymentRequiredError(
                f"Not enough credits: this run needs {cost} and the balance is {balance}. "
                "Buy a top-up or upgrade your plan on the billing page.",
                code="insufficient_credits",
                fields={"balance": balance, "cost": cost},
            )


# --- Starting a run ------------------------------------------------------------------------------


def _by_idempotency_key(org: Organization, key: str) -> AgentExecution | None:
    return AgentExecution.objects.for_org(org).filter(idempotency_key=key).first()


def _same_request(execution: AgentExecution, agent: AgentDefinition, data: dict[str, Any]) -> bool:
    return execution.agent_id == agent.pk and canonical_json(execution.input) == canonical_json(
        data
    )


def _enqueue(execution_id: int) -> None:
    from agents.tasks import execute_agent_run

    execute_agent_run.apply_async(args=(execution_id,), queue="llm")


def agent_run(
    *,
    org: Organization,
    actor: User | None,
    agent_slug: str,
    input: dict[str, Any],
    trigger: str = AgentExecution.Trigger.USER,
    idempotency_key: str | None = None,
) -> AgentExecution:
    """Queue a run of `agent_slug`; returns the PENDING execution (or the replayed one)."""
    if trigger not in AgentExecution.Trigger.values:
        raise ValueError(f"Unknown trigger {trigger!r}.")
    key = (idempotency_key or "").strip() or None
    if key is not None and len(key) > 200:
        raise ValidationError({"idempotency_key": "Use at most 200 characters."})
    agent = agent_get(slug=agent_slug)
    version = agent.current_version
    if version is None:
        raise ServiceUnavailableError("This agent has no prompt yet.", code="agent_not_ready")
    data = agent_input_clean(version=version, data=input)
    if key is not None:
        existing = _by_idempotency_key(org, key)
        if existing is not None:
            return _replay(existing, agent, data)
    cache_key = cache_key_for(version=version, data=data)
    if _cached_source(org=org, cache_key=cache_key) is None:
        ai_budget_check(org=org, cost=credit_cost(operation=agent.credit_operation))
    try:
        with transaction.atomic():
            execution = AgentExecution.objects.create(
                organization=org,
                agent=agent,
                version=version,
                actor=actor,
                trigger=trigger,
                status=Status.PENDING,
                input=data,
                cache_key=cache_key,
                idempotency_key=key,
            )
            transaction.on_commit(partial(_enqueue, execution.pk))
    except IntegrityError:
        existing = _by_idempotency_key(org, key) if key is not None else None
        if existing is None:
            raise
        return _replay(existing, agent, data)
    return execution


def _replay(
    existing: AgentExecution, agent: AgentDefinition, data: dict[str, Any]
) -> AgentExecution:
    if not _same_request(existing, agent, data):
        raise ConflictError(
            "This Idempotency-Key was already used for a different request.",
            code="idempotency_key_reused",
        )
    return existing


# --- Running it (the task) -----------------------------------------------------------------------


def _claim(execution_id: int) -> datetime | None:
    """PENDING (or RUNNING but abandoned) -> RUNNING, by one worker only; returns the claim."""
    now = timezone.now()
    claimable = Q(status=Status.PENDING) | Q(
        status=Status.RUNNING, started_at__lt=now - STALE_RUNNING_AFTER
    )
    claimed = AgentExecution.objects.filter(claimable, pk=execution_id).update(
        status=Status.RUNNING, started_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    return now if claimed == 1 else None


def _mine(execution: AgentExecution, claim: datetime) -> Any:
    return AgentExecution.objects.filter(pk=execution.pk, status=Status.RUNNING, started_at=claim)


def _elapsed_ms(claim: datetime) -> int:
    return int((timezone.now() - claim).total_seconds() * 1000)


def _fail(execution: AgentExecution, claim: datetime, *, code: str, message: str) -> None:
    _mine(execution, claim).update(
        status=Status.FAILED,
        error_code=code[:50],
        error=message,
        duration_ms=_elapsed_ms(claim),
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def generate(*, execution: AgentExecution, request: LLMRequest) -> LLMResult:
    """The one call to a model, through the LLM router (which logs every call)."""
    from agents.llm import router

    agent = execution.agent
    return router.generate(
        org=execution.organization,
        purpose=f"agent:{agent.slug}",
        request=request,
        category=agent.category,
        tier=Tier(agent.provider_tier),
        execution_id=execution.pk,
        pinned_provider=ProviderName(agent.pinned_provider) if agent.pinned_provider else None,
        pinned_model=agent.pinned_model,
    )


def agent_execute(*, execution_id: int) -> AgentExecution:
    """Run a queued execution once; a second call (a redelivered task) changes nothing."""
    claim = _claim(execution_id)
    execution = AgentExecution.objects.select_related(
        "agent", "version", "organization", "actor"
    ).get(pk=execution_id)
    if claim is None:
        return execution
    try:
        _run_claimed(execution, claim)
    except RetryLaterError:
        raise
    except Exception as exc:
        logger.exception("agent execution %s crashed", execution_id)
        _fail(
            execution,
            claim,
            code="internal_error",
            message=f"Herald could not run the agent: {exc}",
        )
    execution.refresh_from_db()
    return execution


def _run_claimed(execution: AgentExecution, claim: datetime) -> None:
    org = execution.organization
    agent = execution.agent
    source = _cached_source(org=org, cache_key=execution.cache_key, exclude_id=execution.pk)
    if source is not None:
        _mine(execution, claim).update(
            status=Status.SUCCEEDED,
            output=source.output,
            provider=source.provider,
            model=source.model,
            cached=True,
            cached_from_id=source.cached_from_id or source.pk,
            credits_charged=0,
            duration_ms=_elapsed_ms(claim),
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        return
    cost = credit_cost(operation=agent.credit_operation)
    try:
        ai_budget_check(org=org, cost=cost)
    except PaymentRequiredError as exc:
        _fail(execution, claim, code=exc.code, message=exc.message)
        return
    try:
        result = generate(execution=execution, request=llm_request_for(execution=execution))
    except TransientLLMError as exc:
        if execution.attempts < MAX_ATTEMPTS:
            _mine(execution, claim).update(
                status=Status.PENDING, error=exc.message, updated_at=timezone.now()
            )
            delay = exc.retry_after or RETRY_BACKOFF_SECONDS[min(execution.attempts, 3) - 1]
            raise RetryLaterError(int(delay)) from exc
        _fail(execution, claim, code="provider_unavailable", message=exc.message)
        return
    except InvalidOutputError as exc:
        _fail(execution, claim, code="invalid_output", message=exc.message)
        return
    except LLMError as exc:
        _fail(execution, claim, code="provider_error", message=exc.message)
        return
    output = result.data if result.data is not None else _parse(result.text)
    try:
        validate_against(execution.version.output_schema, output, prefix="output")
    except (ValidationError, SchemaError) as exc:
        _fail(
            execution,
            claim,
            code="invalid_output",
            message=f"The answer did not match the agent's output format: {_messages(exc)}",
        )
        return
    try:
        _charge_and_finish(execution, claim, output=output, result=result, cost=cost)
    except PaymentRequiredError as exc:
        _fail(execution, claim, code=exc.code, message=exc.message)
    except _ClaimLostError:
        logger.warning(
            "agent execution %s was reclaimed; this run's result is dropped", execution.pk
        )


def _parse(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _messages(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return str(exc)


@transaction.atomic
def _charge_and_finish(
    execution: AgentExecution, claim: datetime, *, output: Any, result: LLMResult, cost: int
) -> None:
    org = execution.organization
    # One run at a time per organization passes this point, so the budget cannot be overrun.
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    ai_budget_check(org=org, cost=cost, check_balance=False)
    charge = credits_charge(
        org=org,
        operation=execution.agent.credit_operation,
        idempotency_key=f"agent-run:{execution.pk}",
        reason=f"{execution.agent.name} run",
        actor=execution.actor,
        metadata={"agent": execution.agent.slug, "execution_id": execution.pk},
        related=execution,
    )
    updated = _mine(execution, claim).update(
        status=Status.SUCCEEDED,
        output=output,
        provider=result.provider.value,
        model=result.model,
        input_tokens=result.input_tokens,
        output_tokens=result.output_tokens,
        credits_charged=-charge.amount,
        duration_ms=_elapsed_ms(claim),
        error="",
        error_code="",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if updated != 1:
        raise _ClaimLostError()


def executions_requeue_stale(*, older_than: timedelta = STALE_RUNNING_AFTER) -> int:
    """Re-enqueue runs whose task message was lost (still PENDING, or RUNNING and abandoned)."""
    cutoff = timezone.now() - older_than
    stale = AgentExecution.objects.across_orgs().filter(
        Q(status=Status.PENDING, updated_at__lt=cutoff)
        | Q(status=Status.RUNNING, started_at__lt=cutoff)
    )
    ids = list(stale.values_list("pk", flat=True)[:500])
    for execution_id in ids:
        _enqueue(execution_id)
    return len(ids)


def fail_stuck(*, execution_id: int, message: str) -> None:
    """Mark a run that can no longer finish (time limit, retries exhausted) as failed."""
    AgentExecution.objects.filter(
        pk=execution_id, status__in=[Status.PENDING, Status.RUNNING]
    ).update(
        status=Status.FAILED,
        error_code="timeout",
        error=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


# --- Catalog edits (staff) -----------------------------------------------------------------------


@transaction.atomic
def agent_version_create(
    *,
    agent: AgentDefinition,
    actor: User | None,
    system_prompt: str,
    user_template: str,
    input_schema: dict[str, Any],
    output_schema: dict[str, Any],
    notes: str = "",
) -> AgentVersion:
    """A prompt or schema edit: a new version, which new runs use. Old runs keep theirs."""
    for field, schema in (("input_schema", input_schema), ("output_schema", output_schema)):
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            raise ValidationError({field: f"Not a valid JSON Schema: {exc.message}"}) from exc
    agent = AgentDefinition.objects.select_for_update().get(pk=agent.pk)
    current = agent.current_version
    if current is not None and (
        current.system_prompt,
        current.user_template,
        current.input_schema,
        current.output_schema,
    ) == (system_prompt, user_template, input_schema, output_schema):
        return current
    latest = AgentVersion.objects.filter(agent=agent).order_by("-number").first()
    version = AgentVersion.objects.create(
        agent=agent,
        number=(latest.number if latest else 0) + 1,
        system_prompt=system_prompt,
        user_template=user_template,
        input_schema=input_schema,
        output_schema=output_schema,
        source=AgentVersion.Source.STAFF,
        notes=notes[:200],
        created_by=actor,
    )
    agent.current_version = version
    agent.save(update_fields=["current_version", "updated_at"])
    audit_record(
        org=None,
        actor=actor,
        action="agent.version_created",
        target=agent,
        metadata={"version": version.number},
    )
    return version
