"""Writes for billing: plans, the credits ledger and monthly quotas.

Credits are exact whatever the concurrency: the balance moves only through a guarded UPDATE
in the same transaction as the ledger row it belongs to, so it never goes negative and always
equals the ledger's sum; every write is idempotent by key.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import F, Model
from django.utils import timezone

from accounts.models import User
from billing.models import (
    COUNTED_RESOURCES,
    MONTHLY_RESOURCES,
    BillingAccount,
    CreditCost,
    CreditTransaction,
    Plan,
    UsageCounter,
)
from config.errors import ConflictError, NotFoundError, PaymentRequiredError
from organizations.models import Organization
from organizations.services import audit_record, notify_admins
from organizations.webhooks.services import webhook_emit

logger = logging.getLogger(__name__)

DEFAULT_PLAN = "free"
LOW_BALANCE_RATIO = 0.10


# --- Accounts and plans ---------------------------------------------------------------


def billing_account_for(*, org: Organization) -> BillingAccount:
    """The org's billing account, created on the free plan the first time it is needed."""
    account = BillingAccount.objects.select_related("plan").filter(organization=org).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            account = BillingAccount.objects.create(
                organization=org, plan=Plan.objects.get(code=DEFAULT_PLAN)
            )
    except IntegrityError:  # created concurrently
        return BillingAccount.objects.select_related("plan").get(organization=org)
    credits_monthly_grant(org=org)  # opening the account starts its first month
    account.refresh_from_db(fields=["credit_balance"])
    return account


@transaction.atomic
def plan_change(
    *,
    org: Organization,
    actor: User | None,
    plan: Plan,
    interval: str = BillingAccount.Interval.MONTH,
    status: str = BillingAccount.Status.ACTIVE,
    period_start: datetime | None = None,
    period_end: datetime | None = None,
    reason: str = "",
) -> BillingAccount:
    account = BillingAccount.objects.select_for_update().get(pk=billing_account_for(org=org).pk)
    previous = account.plan.code
    account.plan = plan
    account.interval = interval
    account.status = status
    if period_start is not None:
        account.current_period_start = period_start
    if period_end is not None:
        account.current_period_end = period_end
    account.save()
    if previous != plan.code:
        audit_record(
            org=org,
            actor=actor,
            action="billing.plan_changed",
            target=org,
            metadata={"from": previous, "to": plan.code, "reason": reason},
        )
    return account


@transaction.atomic
def plan_assign(
    *,
    org: Organization,
    actor: User | None,
    plan: Plan,
    interval: str = BillingAccount.Interval.MONTH,
    reason: str = "Assigned by staff",
) -> BillingAccount:
    """Staff put an organization on a plan by hand (no Stripe needed).

    The assignment stands until Stripe reports something newer about the organization's
    subscriptions (see billing.stripe_events).
    """
    account = plan_change(
        org=org,
        actor=actor,
        plan=plan,
        interval=interval,
        status=BillingAccount.Status.ACTIVE,
        reason=reason,
    )
    account.staff_assigned_at = timezone.now()
    account.save(update_fields=["staff_assigned_at", "updated_at"])
    return account


# --- Credits ------------------------------------------------------------------------


def _existing(org: Organization, key: str | None) -> CreditTransaction | None:
    if not key:
        return None
    return CreditTransaction.objects.for_org(org).filter(idempotency_key=key).first()


def _related(related: Model | None) -> dict[str, str]:
    if related is None:
        return {"related_type": "", "related_id": ""}
    return {"related_type": related._meta.label, "related_id": str(related.pk)}


def _post(
    *,
    org: Organization,
    amount: int,
    kind: str,
    reason: str,
    idempotency_key: str | None,
    actor: User | None,
    metadata: dict[str, Any] | None,
    related: Model | None,
    refund_of: CreditTransaction | None = None,
) -> tuple[CreditTransaction, bool]:
    """Move the balance and append the ledger row atomically. Returns (row, created)."""
    existing = _existing(org, idempotency_key)
    if existing is not None:
        return existing, False
    account = billing_account_for(org=org)
    try:
        with transaction.atomic():
            guard = BillingAccount.objects.filter(pk=account.pk)
            if amount < 0:
                guard = guard.filter(credit_balance__gte=-amount)
            if guard.update(credit_balance=F("credit_balance") + amount) != 1:
                balance = BillingAccount.objects.get(pk=account.pk).credit_balance
                raise PaymentRequiredError(
                    f"Not enough credits: this needs {-amount} and the balance is {balance}. "
                    "Buy a top-up or upgrade your plan on the billing page.",
                    code="insufficient_credits",
                )
            balance_after = BillingAccount.objects.values_list("credit_balance", flat=True).get(
                pk=account.pk
            )
            row = CreditTransaction.objects.create(
                organization=org,
                amount=amount,
                kind=kind,
                reason=reason[:200],
                metadata=metadata or {},
                idempotency_key=idempotency_key or None,
                balance_after=balance_after,
                actor=actor,
                refund_of=refund_of,
                **_related(related),
            )
    except IntegrityError:
        # The same key (or the same refund) landed concurrently; the savepoint undid our move.
        existing = _existing(org, idempotency_key)
        if existing is None and refund_of is not None:
            existing = CreditTransaction.objects.filter(refund_of=refund_of).first()
        if existing is None:
            raise
        return existing, False
    return row, True


def credits_grant(
    *,
    org: Organization,
    amount: int,
    reason: str,
    kind: str = CreditTransaction.Kind.GRANT,
    idempotency_key: str | None = None,
    actor: User | None = None,
    metadata: dict[str, Any] | None = None,
    related: Model | None = None,
) -> CreditTransaction:
    if amount <= 0:
        raise ValueError("A grant adds a positive number of credits.")
    with transaction.atomic():
        row, created = _post(
            org=org,
            amount=amount,
            kind=kind,
            reason=reason,
            idempotency_key=idempotency_key,
            actor=actor,
            metadata=metadata,
            related=related,
        )
        if created and actor is not None:
            audit_record(
                org=org,
                actor=actor,
                action="billing.credits_granted",
                target=org,
                metadata={"amount": amount, "reason": reason, "kind": kind},
            )
    return row


def credit_cost(*, operation: str) -> int:
    cost = CreditCost.objects.filter(operation=operation).values_list("credits", flat=True).first()
    if cost is None:
        raise NotFoundError(
            f"No credit cost is defined for “{operation}”.", code="unknown_operation"
        )
    return int(cost)


def credits_charge(
    *,
    org: Organization,
    reason: str,
    operation: str = "",
    amount: int | None = None,
    quantity: int = 1,
    idempotency_key: str | None = None,
    actor: User | None = None,
    metadata: dict[str, Any] | None = None,
    related: Model | None = None,
) -> CreditTransaction:
    """Spend credits, by operation name (its cost from data) or by an explicit amount.

    Raises PaymentRequiredError (402) when the balance is short; nothing is written then.
    """
    if amount is None:
        if not operation:
            raise ValueError("Charge by operation name or by amount.")
        amount = credit_cost(operation=operation) * quantity
    if amount <= 0:
        raise ValueError("A charge spends a positive number of credits.")
    with transaction.atomic():
        row, created = _post(
            org=org,
            amount=-amount,
            kind=CreditTransaction.Kind.CHARGE,
            reason=reason,
            idempotency_key=idempotency_key,
            actor=actor,
            metadata={**(metadata or {}), **({"operation": operation} if operation else {})},
            related=related,
        )
        if created:
            _warn_if_low(org=org, before=row.balance_after + amount, after=row.balance_after)
    return row


@transaction.atomic
def credits_refund(
    *,
    org: Organization,
    charge: CreditTransaction,
    reason: str,
    actor: User | None = None,
) -> CreditTransaction:
    """Give back a specific charge, once."""
    if charge.organization_id != org.pk:
        raise NotFoundError()
    if charge.kind != CreditTransaction.Kind.CHARGE:
        raise ConflictError("Only charges can be refunded.", code="not_a_charge")
    already = CreditTransaction.objects.filter(refund_of=charge).first()
    if already is not None:
        return already
    row, _ = _post(
        org=org,
        amount=-charge.amount,
        kind=CreditTransaction.Kind.REFUND,
        reason=reason,
        idempotency_key=f"refund:{charge.pk}",
        actor=actor,
        metadata={"charge_id": charge.pk},
        related=None,
        refund_of=charge,
    )
    return row


def _warn_if_low(*, org: Organization, before: int, after: int) -> None:
    monthly = billing_account_for(org=org).plan.monthly_credits
    threshold = monthly * LOW_BALANCE_RATIO
    if not (before >= threshold > after):
        return  # warn once, when the balance crosses the line
    title = f"Credits are running low: {after} left"
    body = (
        f"{org.name} has {after} credits left, under 10% of the plan's {monthly} a month. "
        "Buy a top-up or upgrade to keep AI features running."
    )
    notify_admins(
        org=org, kind="credits.low", title=title, body=body, url=f"/app/{org.slug}/billing/"
    )
    webhook_emit(
        org=org,
        event_type="credits.low",
        data={"balance": after, "monthly_credits": monthly, "threshold": int(threshold)},
    )


def credits_monthly_grant(
    *, org: Organization, month: date | None = None
) -> CreditTransaction | None:
    """Grant the plan's monthly credits for a month, once (the key is the month)."""
    account = billing_account_for(org=org)
    month = (month or current_period(org=org)).replace(day=1)
    if account.plan.monthly_credits <= 0:
        return None
    return credits_grant(
        org=org,
        amount=account.plan.monthly_credits,
        kind=CreditTransaction.Kind.MONTHLY_GRANT,
        reason=f"{account.plan.name} plan credits for {month:%B %Y}",
        idempotency_key=f"monthly:{account.plan.code}:{month:%Y-%m}",
    )


# --- Quotas ---------------------------------------------------------------------------


def current_period(*, org: Organization, at: datetime | None = None) -> date:
    """The first day of the current calendar month in the organization's time zone."""
    local = (at or timezone.now()).astimezone(ZoneInfo(org.timezone))
    return local.date().replace(day=1)


def _quota_error(org: Organization, resource: str, limit: int, used: int) -> PaymentRequiredError:
    plan = billing_account_for(org=org).plan
    label = resource.replace("_", " ")
    return PaymentRequiredError(
        f"Your {plan.name} plan allows {limit} {label} a month and you have used {used}. "
        "Upgrade your plan on the billing page to raise the limit.",
        code="quota_exceeded",
        fields={"resource": resource, "limit": limit, "used": used, "upgrade_url": "billing"},
    )


@transaction.atomic
def quota_consume(
    *, org: Organization, resource: str, amount: int = 1, at: datetime | None = None
) -> int:
    """Use `amount` of a monthly resource; returns what remains (-1 when unlimited).

    Race-safe: the counter only moves by a conditional UPDATE that keeps it within the limit.
    """
    if resource not in MONTHLY_RESOURCES:
        raise ValueError(f"{resource} is not a monthly resource.")
    if amount <= 0:
        raise ValueError("Consume a positive amount.")
    limit = billing_account_for(org=org).plan.limit(resource)
    period = current_period(org=org, at=at)
    counter, _ = UsageCounter.objects.get_or_create(
        organization=org, resource=resource, period=period
    )
    counters = UsageCounter.objects.filter(pk=counter.pk)
    if limit is not None:
        counters = counters.filter(used__lte=limit - amount)
    if counters.update(used=F("used") + amount) != 1:
        used = UsageCounter.objects.values_list("used", flat=True).get(pk=counter.pk)
        raise _quota_error(org, resource, limit or 0, used)
    if limit is None:
        return -1
    used = UsageCounter.objects.values_list("used", flat=True).get(pk=counter.pk)
    return limit - used


def quota_release(*, org: Organization, resource: str, amount: int = 1) -> None:
    """Give back usage that did not happen (a cancelled post before it went out)."""
    UsageCounter.objects.filter(
        organization=org, resource=resource, period=current_period(org=org), used__gte=amount
    ).update(used=F("used") - amount)


def limit_check(*, org: Organization, resource: str, current: int, adding: int = 1) -> None:
    """For resources limited by how many exist (accounts, members, brands)."""
    if resource not in COUNTED_RESOURCES:
        raise ValueError(f"{resource} is not a counted resource.")
    plan = billing_account_for(org=org).plan
    limit = plan.limit(resource)
    if limit is not None and current + adding > limit:
        label = resource.replace("_", " ")
        raise PaymentRequiredError(
            f"Your {plan.name} plan allows {limit} {label} and you have {current}. "
            "Upgrade your plan on the billing page to add more.",
            code="plan_limit_reached",
            fields={
                "resource": resource,
                "limit": limit,
                "used": current,
                "upgrade_url": "billing",
            },
        )


def credits_monthly_grant_sweep() -> int:
    """Monthly credits for organizations whose plan is not renewed by a paid invoice."""
    granted = 0
    accounts = (
        BillingAccount.objects.select_related("organization", "plan")
        .filter(stripe_subscription_id="")
        .order_by("pk")
    )
    for org in Organization.objects.filter(billing_account__isnull=True).iterator():
        billing_account_for(org=org)  # opens the account, which grants its first month
    for account in accounts.iterator():
        try:
            if credits_monthly_grant(org=account.organization) is not None:
                granted += 1
        except Exception:  # one organization's failure must not stop the sweep
            logger.exception("monthly grant failed for org %s", account.organization_id)
    return granted


def seats_limit_check(*, org: Organization, current: int, adding: int = 1) -> None:
    """The plan's member limit, registered with organizations (see organizations.limits)."""
    limit_check(org=org, resource="members", current=current, adding=adding)
