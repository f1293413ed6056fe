"""Reads for the agent catalog and its executions."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import QuerySet, Sum

from agents.models import AgentDefinition, AgentExecution
from billing.models import CreditCost
from billing.services import current_period
from config.errors import NotFoundError
from organizations.models import Organization


def agent_list(
    *, category: str | None = None, enabled_only: bool = True
) -> QuerySet[AgentDefinition]:
    agents = AgentDefinition.objects.select_related("current_version").filter(
        current_version__isnull=False
    )
    if enabled_only:
        agents = agents.filter(enabled=True)
    if category:
        agents = agents.filter(category=category)
    return agents.order_by("category", "sort_order", "name")


def agent_get(*, slug: str, enabled_only: bool = True) -> AgentDefinition:
    agent = agent_list(enabled_only=enabled_only).filter(slug=slug).first()
    if agent is None:
        raise NotFoundError("No such agent.", code="agent_not_found")
    return agent


def credit_costs() -> dict[str, int]:
    """Every operation's cost in credits, in one query (for catalog pages)."""
    return {
        op: int(credits) for op, credits in CreditCost.objects.values_list("operation", "credits")
    }


def execution_list(
    *,
    org: Organization,
    agent_slug: str | None = None,
    status: str | None = None,
    trigger: str | None = None,
) -> QuerySet[AgentExecution]:
    executions = AgentExecution.objects.for_org(org).select_related("agent", "version", "actor")
    if agent_slug:
        executions = executions.filter(agent__slug=agent_slug)
    if status:
        executions = executions.filter(status=status)
    if trigger:
        executions = executions.filter(trigger=trigger)
    return executions.order_by("-created_at", "-id")


def execution_get(*, org: Organization, execution_id: int) -> AgentExecution:
    execution = (
        AgentExecution.objects.for_org(org)
        .select_related("agent", "version", "actor")
        .filter(pk=execution_id)
        .first()
    )
    if execution is None:
        raise NotFoundError("No such execution.", code="execution_not_found")
    return execution


def month_start(*, org: Organization) -> datetime:
    """Midnight on the first day of the organization's current month, in its time zone."""
    first = current_period(org=org)
    return datetime.combine(first, time.min, tzinfo=ZoneInfo(org.timezone))


def ai_credits_spent_this_month(*, org: Organization) -> int:
    """Credits charged for agent runs since the start of the organization's month."""
    total = (
        AgentExecution.objects.for_org(org)
        .filter(finished_at__gte=month_start(org=org), credits_charged__gt=0)
        .aggregate(total=Sum("credits_charged"))["total"]
    )
    return int(total or 0)
