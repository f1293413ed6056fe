"""Reads for billing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from billing import stripe_gateway
from billing.models import (
    COUNTED_RESOURCES,
    MONTHLY_RESOURCES,
    BillingAccount,
    CreditTransaction,
    Plan,
    StripeInvoice,
    UsageCounter,
)
from billing.payments import TopupPack, has_live_subscription, topup_packs
from billing.services import billing_account_for, current_period
from organizations.models import Organization
from organizations.selectors import membership_list


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

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(self.limit - self.used, 0)

    @property
    def percent(self) -> int:
        """How full the quota is, 0-100 (0 when unlimited)."""
        if not self.limit:
            return 100 if self.limit == 0 and self.used else 0
        return min(round(self.used * 100 / self.limit), 100)


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


@dataclass(frozen=True)
class DailyCredits:
    day: date
    used: int


def credits_used_by_day(
    *, org: Organization, days: int = 30, now: datetime | None = None
) -> list[DailyCredits]:
    """Credits spent per day (charges less refunds), oldest first, in the org's time zone."""
    zone = ZoneInfo(org.timezone)
    today = (now or timezone.now()).astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    rows = (
        CreditTransaction.objects.for_org(org)
        .filter(
            created_at__gte=datetime.combine(first, time.min, tzinfo=zone),
            kind__in=[CreditTransaction.Kind.CHARGE, CreditTransaction.Kind.REFUND],
        )
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    spent = {row["day"]: -int(row["total"] or 0) for row in rows}
    return [
        DailyCredits(day, max(spent.get(day, 0), 0))
        for day in (first + timedelta(days=i) for i in range(days))
    ]


def invoice_list(*, org: Organization) -> QuerySet[StripeInvoice]:
    """Invoices Stripe finalized for the organization (drafts are not shown), newest first."""
    return (
        StripeInvoice.objects.for_org(org)
        .exclude(status__in=["", "draft"])
        .order_by("-stripe_created", "-id")
    )


@dataclass(frozen=True)
class BillingOverview:
    """What the billing page and `GET billing/` show."""

    account: BillingAccount
    usage: list[Usage]
    topup_packs: list[TopupPack]
    payments_enabled: bool

    @property
    def plan(self) -> Plan:
        return self.account.plan

    @property
    def has_subscription(self) -> bool:
        return has_live_subscription(self.account)


def billing_overview(*, org: Organization) -> BillingOverview:
    account = billing_account_for(org=org)
    members = membership_list(org=org).count()
    return BillingOverview(
        account=account,
        usage=usage_summary(org=org, counts={"members": members}),
        topup_packs=topup_packs(),
        payments_enabled=stripe_gateway.is_configured(),
    )
