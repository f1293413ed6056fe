"""Writes of the LLM runtime: the call log and an organization's AI settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from agents.llm.base import LLMRequest, ProviderName
from agents.llm.models import PROVENANCE_MAX_CHARS, LLMCall, OrgAISettings
from agents.llm.prices import call_cost
from organizations.models import Organization
from organizations.services import audit_record

_TRUNCATED = "\n[... truncated]"


def bounded(text: str, limit: int = PROVENANCE_MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - len(_TRUNCATED)] + _TRUNCATED


def prompt_text(request: LLMRequest) -> str:
    """The request as people read it, for provenance."""
    parts = [f"[system]\n{request.system}"] if request.system else []
    parts.extend(f"[{message.role}]\n{message.content}" for message in request.messages)
    if request.json_schema is not None:
        parts.append(f"[schema: {request.schema_name}]")
    return "\n\n".join(parts)


def llm_call_record(
    *,
    org: Organization,
    purpose: str,
    execution_id: int | None,
    provider: ProviderName,
    model: str,
    byo_key: bool,
    request: LLMRequest,
    input_tokens: int = 0,
    output_tokens: int = 0,
    latency_ms: int = 0,
    error: str = "",
    response: str = "",
    fallback_from: ProviderName | None = None,
) -> LLMCall:
    """Log one provider call, priced from `ModelPrice`, in its own short transaction.

    Called after the network call returned: no transaction is ever open across it.
    """
    cost = call_cost(model=model, input_tokens=input_tokens, output_tokens=output_tokens)
    with transaction.atomic():
        return LLMCall.objects.create(
            organization=org,
            purpose=purpose[:100],
            execution_id=execution_id,
            provider=provider.value,
            model=model[:100],
            byo_key=byo_key,
            input_tokens=max(0, input_tokens),
            output_tokens=max(0, output_tokens),
            cost=cost,
            latency_ms=max(0, latency_ms),
            status=LLMCall.Status.ERROR if error else LLMCall.Status.OK,
            error=bounded(error, 2_000),
            fallback_from=fallback_from.value if fallback_from else "",
            prompt=bounded(prompt_text(request)),
            response=bounded(response),
        )


_UNSET = object()


@transaction.atomic
def org_ai_settings_update(
    *,
    org: Organization,
    actor: User | None,
    preferred_provider: str | None = None,
    openai_api_key: str | None = None,
    anthropic_api_key: str | None = None,
    monthly_credit_budget: int | object | None = _UNSET,
) -> OrgAISettings:
    """Change an organization's AI settings. A key of None is left as it is; "" removes it.

    The audit log says which keys changed, never their values.
    """
    ai_settings, _ = OrgAISettings.objects.select_for_update().get_or_create(organization=org)
    changed: list[str] = []
    if preferred_provider is not None and preferred_provider != ai_settings.preferred_provider:
        if preferred_provider not in OrgAISettings.Preferred.values:
            raise ValidationError(
                {"preferred_provider": "Choose auto, OpenAI, Anthropic or offline."}
            )
        ai_settings.preferred_provider = preferred_provider
        changed.append("preferred_provider")
    for field, value in (
        ("openai_api_key", openai_api_key),
        ("anthropic_api_key", anthropic_api_key),
    ):
        if value is None:
            continue
        value = value.strip()
        if any(ch.isspace() for ch in value) or len(value) > 500:
            raise ValidationError({field: "This does not look like an API key."})
        if value != getattr(ai_settings, field):
            setattr(ai_settings, field, value)
            changed.append(field)
    if monthly_credit_budget is not _UNSET and monthly_credit_budget != (
        ai_settings.monthly_credit_budget
    ):
        if monthly_credit_budget is not None and (
            not isinstance(monthly_credit_budget, int) or monthly_credit_budget < 0
        ):
            raise ValidationError(
                {"monthly_credit_budget": "Enter a whole number of credits, or leave it empty."}
            )
        ai_settings.monthly_credit_budget = monthly_credit_budget
        changed.append("monthly_credit_budget")
    if changed:
        ai_settings.save(update_fields=[*changed, "updated_at"])
        audit_record(
            org=org,
            actor=actor,
            action="ai_settings.updated",
            target=ai_settings,
            metadata={"changed": changed},
        )
    return ai_settings
