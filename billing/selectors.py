"""Reads for billing."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet, Sum

from billing.models import (
    COUNTED_RESOURCES,
    MONTHLY_RESOURCES,
    CreditTransaction,
    Plan,
    UsageCounter,
)
from billing.services import billing_account_for, current_period
from organizations.models import Organization


def plan_list(*, public_only: bool = True) -> QuerySet[Plan]:
    plans = Plan.objects.all()
    return plans.filter(is_public=True) if public_only else plans


def quota_remaining(*, org: Organization, resource: str) -> int | None:
    """What is left of a monthly resource this month; None when unlimited."""
    limit = billing_account_for(org=org).plan.limit(resource)
    if limit is None:
        return None
    used = (
        UsageCounter.objects.for_org(org)
        .filter(resource=resource, period=current_period(org=org))
        .values_list("used", flat=True)
        .first()
        or 0
    )
    return max(limit - used, 0)


@dataclass(frozen=True)
class Usage:
    resource: str
    used: int
    limit: int | None
    monthly: bool


def usage_summary(*, org: Organization, counts: dict[str, int] | None = None) -> list[Usage]:
    """Usage against each limit: monthly counters, plus counted resources the caller knows."""
    plan = billing_account_for(org=org).plan
    used = dict(
        UsageCounter.objects.for_org(org)
        .filter(period=current_period(org=org))
        .values_list("resource", "used")
    )
    rows = [Usage(r, int(used.get(r, 0)), plan.limit(r), True) for r in MONTHLY_RESOURCES]
    for resource in COUNTED_RESOURCES:
        if counts and resource in counts:
            rows.append(Usage(resource, counts[resource], plan.limit(resource), False))
    return rows


def ledger_list(*, org: Organization, kind: str = "") -> QuerySet[CreditTransaction]:
    qs = CreditTransaction.objects.for_org(org).select_related("actor")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-id")


def ledger_drift(*, org: Organization) -> int:
    """Balance minus the ledger's sum: 0 when the books agree."""
    account = billing_account_for(org=org)
    total = CreditTransaction.objects.for_org(org).aggregate(total=Sum("amount"))["total"] or 0
    return int(account.credit_balance) - int(total)
