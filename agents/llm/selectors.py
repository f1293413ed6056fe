"""Reads of the LLM runtime: an organization's AI settings, its calls and what they cost."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from agents.llm.models import LLMCall, OrgAISettings
from organizations.models import Organization


def org_ai_settings_get(*, org: Organization) -> OrgAISettings | None:
    """The organization's AI settings, or None when it never changed the defaults."""
    return OrgAISettings.objects.for_org(org).first()


def llm_call_list(*, org: Organization, execution_id: int | None = None) -> QuerySet[LLMCall]:
    calls = LLMCall.objects.for_org(org)
    if execution_id is not None:
        calls = calls.filter(execution_id=execution_id)
    return calls.order_by("-created_at", "-id")


def llm_cost_by_provider(
    *, org: Organization, since: datetime | None = None
) -> list[dict[str, Any]]:
    """Calls, tokens and USD per provider and model, most expensive first."""
    calls = LLMCall.objects.for_org(org)
    if since is not None:
        calls = calls.filter(created_at__gte=since)
    rows = (
        calls.values("provider", "model")
        .annotate(
            calls=Count("id"),
            input_tokens=Sum("input_tokens"),
            output_tokens=Sum("output_tokens"),
            cost=Sum("cost"),
        )
        .order_by("-cost", "provider", "model")
    )
    return [{**row, "cost": row["cost"] or Decimal("0")} for row in rows]
