"""Stripe webhook events: what each one changes, whatever the order they arrive in.

Stripe delivers events at least once and in no guaranteed order
(https://docs.stripe.com/webhooks#event-ordering), so processing is built to converge:

- Each event id is stored once (`StripeEvent.stripe_id` is unique): a redelivery is a no-op.
- Everything Herald knows about a subscription is merged into one `StripeSubscription` row.
  Each group of fields (status, plan, period, cancellation) remembers the Stripe time of the
  event that set it and only a newer event (ties broken by a fixed rank) may replace it, so
  the row ends the same for every order of the same events; a deletion is final.
- The billing account is then derived from those rows: the newest live subscription sets
  the plan, interval, status and period; when none is live any more, the organization
  falls back to the free plan. Staff assignments newer than every Stripe event stand.
- Credits are granted per paid invoice with the idempotency key `invoice:<id>` and per paid
  top-up Checkout with `topup:<session id>`: at most once, whichever event shows them paid.

Nothing here calls Stripe: events carry what Herald needs (plan code, interval and
organization are in the metadata Herald puts on every Checkout session and subscription).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction

from billing.models import (
    BillingAccount,
    CreditTransaction,
    Plan,
    StripeEvent,
    StripeInvoice,
    StripeSubscription,
)
from billing.services import DEFAULT_PLAN, billing_account_for, credits_grant, plan_change
from organizations.models import Organization
from organizations.services import notify_admins

logger = logging.getLogger(__name__)

Event = dict[str, Any]

# Stripe subscription statuses that keep the plan, and what Herald calls them.
LIVE_STATUSES = {
    "active": BillingAccount.Status.ACTIVE,
    "trialing": BillingAccount.Status.TRIALING,
    "past_due": BillingAccount.Status.PAST_DUE,
}
ENDED_STATUSES = frozenset({"canceled", "incomplete_expired"})
# Only breaks ties between events stamped with the same second.
STATUS_RANK = {
    "incomplete": 0,
    "unpaid": 1,
    "paused": 1,
    "trialing": 2,
    "active": 3,
    "past_due": 4,
    "incomplete_expired": 5,
    "canceled": 6,
}
INVOICE_STATUS_RANK = {"draft": 0, "open": 1, "uncollectible": 2, "void": 3, "paid": 4}
FINAL_INVOICE_STATUSES = frozenset({"paid", "void"})
# Invoices that start or renew a subscription bring the plan's credits; a mid-cycle
# proration (`subscription_update`) does not, or switching plans back and forth would mint
# credits. An invoice without a reason (older API versions) counts.
GRANTING_REASONS = frozenset({"subscription_create", "subscription_cycle", ""})


@dataclass(frozen=True)
class EventOutcome:
    event: StripeEvent
    duplicate: bool


def _when(timestamp: Any) -> datetime | None:
    if timestamp in (None, ""):
        return None
    return datetime.fromtimestamp(int(timestamp), tz=UTC)


def _id(value: Any) -> str:
    """An id from a field that is either the id or the expanded object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def _dig(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


# --- Entry point ------------------------------------------------------------------------


def stripe_event_process(*, event: Event) -> EventOutcome:
    """Apply a verified Stripe event once; a repeated event id changes nothing."""
    created = _when(event.get("created")) or datetime.now(tz=UTC)
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = StripeEvent.objects.create(
                    stripe_id=str(event["id"]),
                    type=str(event["type"]),
                    livemode=bool(event.get("livemode", False)),
                    stripe_created=created,
                    payload=event,
                )
        except IntegrityError:
            return EventOutcome(StripeEvent.objects.get(stripe_id=str(event["id"])), True)
        handler = _handler_for(record.type)
        if handler is None:
            org, outcome = None, "ignored: Herald does not use this event"
        else:
            org, outcome = handler(event)
        record.organization = org
        record.outcome = outcome[:200]
        record.save(update_fields=["organization", "outcome"])
    logger.info("stripe event %s %s: %s", record.stripe_id, record.type, record.outcome)
    return EventOutcome(record, False)


Handler = Callable[[Event], tuple[Organization | None, str]]


def _handler_for(event_type: str) -> Handler | None:
    if event_type in ("checkout.session.completed", "checkout.session.async_payment_succeeded"):
        return _checkout_completed
    if event_type.startswith("customer.subscription."):
        return _subscription_changed
    if event_type.startswith("invoice."):
        return _invoice_changed
    return None


# --- Whose event is it -----------------------------------------------------------------------


def _org_for(obj: dict[str, Any], metadata: dict[str, Any] | None) -> Organization | None:
    """The customer Herald created for the organization, else the org id Herald put in metadata."""
    customer_id = _id(obj.get("customer"))
    if customer_id:
        account = (
            BillingAccount.objects.select_related("organization")
            .filter(stripe_customer_id=customer_id)
            .first()
        )
        if account is not None:
            return account.organization
    org_id = str((metadata or {}).get("org_id") or obj.get("client_reference_id") or "")
    if org_id.isdigit():
        return Organization.objects.filter(pk=int(org_id)).first()
    return None


def _lock_account(org: Organization) -> BillingAccount:
    """Events of one organization are applied one at a time (the account row is the lock)."""
    account_id = billing_account_for(org=org).pk
    return BillingAccount.objects.select_for_update().select_related("plan").get(pk=account_id)


def _plan_for(metadata: dict[str, Any] | None, price_id: str) -> tuple[Plan | None, str]:
    """The plan and interval, from the metadata Herald set or from the plan's Stripe prices."""
    metadata = metadata or {}
    interval = str(metadata.get("interval") or "")
    code = str(metadata.get("plan") or "")
    if code:
        plan = Plan.objects.filter(code=code).first()
        if plan is not None:
            return plan, interval
    if price_id:
        plan = Plan.objects.filter(stripe_price_month_id=price_id).first()
        if plan is not None:
            return plan, BillingAccount.Interval.MONTH
        plan = Plan.objects.filter(stripe_price_year_id=price_id).first()
        if plan is not None:
            return plan, BillingAccount.Interval.YEAR
    return None, interval


# --- Merging what events say about a subscription ----------------------------------------------


def _newer(versions: dict[str, Any], group: str, at: int, rank: Any) -> bool:
    """Last writer wins by Stripe's event time; `rank` breaks ties the same way every time."""
    current = versions.get(group)
    candidate = [at, rank]
    if current is None or candidate > list(current):
        versions[group] = candidate
        return True
    return False


@dataclass(frozen=True)
class SubscriptionFacts:
    """What one event says about a subscription; None means "this event does not say"."""

    at: int
    status: str | None = None
    ended: bool = False
    plan: Plan | None = None
    interval: str = ""
    period_start: datetime | None = None
    period_end: datetime | None = None
    cancel_at_period_end: bool | None = None
    created: datetime | None = None
    customer_id: str = ""


def _subscription_record(org: Organization, stripe_id: str) -> StripeSubscription:
    record, _ = StripeSubscription.objects.get_or_create(
        stripe_id=stripe_id, defaults={"organization": org}
    )
    return StripeSubscription.objects.select_for_update().get(pk=record.pk)


def _subscription_merge(record: StripeSubscription, facts: SubscriptionFacts) -> None:
    versions = dict(record.versions)
    when = _when(facts.at)
    record.first_event_at = min(filter(None, [record.first_event_at, when]), default=None)
    record.last_event_at = max(filter(None, [record.last_event_at, when]), default=None)
    if facts.ended or facts.status in ENDED_STATUSES:
        record.ended = True  # final: no older or newer event revives a deleted subscription
    if facts.status and _newer(versions, "status", facts.at, STATUS_RANK.get(facts.status, 0)):
        record.status = facts.status
    if facts.plan is not None:
        interval = facts.interval or record.interval or BillingAccount.Interval.MONTH
        if _newer(versions, "plan", facts.at, f"{facts.plan.code}:{interval}"):
            record.plan = facts.plan
            record.interval = interval
    if facts.period_end is not None and _newer(
        versions, "period", facts.at, int(facts.period_end.timestamp())
    ):
        record.current_period_start = facts.period_start
        record.current_period_end = facts.period_end
    if facts.cancel_at_period_end is not None and _newer(
        versions, "cancel", facts.at, int(facts.cancel_at_period_end)
    ):
        record.cancel_at_period_end = facts.cancel_at_period_end
    if facts.created is not None:
        record.stripe_created = facts.created
    if facts.customer_id and not record.customer_id:
        record.customer_id = facts.customer_id
    record.versions = versions
    record.save()


def _is_live(record: StripeSubscription) -> bool:
    return not record.ended and record.status in LIVE_STATUSES and record.plan_id is not None


def _account_sync(org: Organization, account: BillingAccount) -> None:
    """Derive the account's plan from the organization's subscriptions (order-independent)."""
    records = list(StripeSubscription.objects.for_org(org).select_related("plan"))
    steering = [
        r
        for r in records
        if (_is_live(r) or r.ended)
        and r.last_event_at is not None
        and (account.staff_assigned_at is None or r.last_event_at > account.staff_assigned_at)
    ]
    if not steering:
        return  # no Stripe news since staff assigned the plan, or nothing decisive yet
    live = [r for r in records if _is_live(r)]
    if live:
        best = max(live, key=lambda r: (r.stripe_created or r.first_event_at, r.stripe_id))
        assert best.plan is not None
        account = plan_change(
            org=org,
            actor=None,
            plan=best.plan,
            interval=best.interval,
            status=LIVE_STATUSES[best.status],
            period_start=best.current_period_start,
            period_end=best.current_period_end,
            reason=f"Stripe subscription {best.stripe_id}",
        )
        account.stripe_subscription_id = best.stripe_id
        account.cancel_at_period_end = best.cancel_at_period_end
        account.save(update_fields=["stripe_subscription_id", "cancel_at_period_end"])
        return
    if account.plan.code == DEFAULT_PLAN and not account.stripe_subscription_id:
        return
    account = plan_change(
        org=org,
        actor=None,
        plan=Plan.objects.get(code=DEFAULT_PLAN),
        interval=BillingAccount.Interval.MONTH,
        status=BillingAccount.Status.ACTIVE,
        reason="Stripe subscription ended",
    )
    account.stripe_subscription_id = ""
    account.cancel_at_period_end = False
    account.current_period_start = None
    account.current_period_end = None
    account.save(
        update_fields=[
            "stripe_subscription_id",
            "cancel_at_period_end",
            "current_period_start",
            "current_period_end",
        ]
    )


# --- Credits for paid invoices --------------------------------------------------------------


def _invoices_settle(org: Organization) -> int:
    """Grant the plan's credits for every paid invoice not yet credited; returns how many."""
    granted = 0
    pending = StripeInvoice.objects.for_org(org).filter(status="paid", credits_granted=False)
    for invoice in pending.exclude(subscription_id="").select_related("plan"):
        if invoice.billing_reason not in GRANTING_REASONS:
            continue
        plan, interval = invoice.plan, invoice.interval
        if plan is None:
            sub = (
                StripeSubscription.objects.select_related("plan")
                .filter(stripe_id=invoice.subscription_id)
                .first()
            )
            if sub is None or sub.plan is None:
                continue  # settled when an event tells which plan this subscription is for
            plan, interval = sub.plan, interval or sub.interval
        months = 12 if interval == BillingAccount.Interval.YEAR else 1
        amount = plan.monthly_credits * months
        if amount > 0:
            span = "12 months" if months == 12 else "a month"
            credits_grant(
                org=org,
                amount=amount,
                kind=CreditTransaction.Kind.MONTHLY_GRANT,
                reason=f"{plan.name} plan credits for {span} (invoice {invoice})",
                idempotency_key=f"invoice:{invoice.stripe_id}",
                metadata={"invoice": invoice.stripe_id, "plan": plan.code, "interval": interval},
            )
            granted += 1
        invoice.credits_granted = True
        invoice.save(update_fields=["credits_granted", "updated_at"])
    return granted


# --- Handlers ------------------------------------------------------------------------------


def _checkout_completed(event: Event) -> tuple[Organization | None, str]:
    session: dict[str, Any] = event["data"]["object"]
    metadata = session.get("metadata") or {}
    org = _org_for(session, metadata)
    if org is None:
        return None, "ignored: no Herald organization for this Checkout session"
    account = _lock_account(org)
    customer_id = _id(session.get("customer"))
    if customer_id and not account.stripe_customer_id:
        account.stripe_customer_id = customer_id
        account.save(update_fields=["stripe_customer_id"])
    paid = session.get("payment_status") == "paid"

    if session.get("mode") == "payment":
        if metadata.get("kind") != "topup":
            return org, "ignored: not a Herald top-up"
        if not paid:
            return org, "top-up awaits payment"
        credits = int(metadata.get("credits") or 0)
        if credits <= 0:
            return org, "ignored: top-up without credits"
        credits_grant(
            org=org,
            amount=credits,
            kind=CreditTransaction.Kind.TOPUP,
            reason=f"Top-up: {credits:,} credits",
            idempotency_key=f"topup:{session['id']}",
            metadata={
                "checkout_session": session["id"],
                "amount_total": session.get("amount_total"),
                "currency": session.get("currency"),
            },
        )
        return org, f"top-up of {credits} credits"

    subscription_id = _id(session.get("subscription"))
    if session.get("mode") != "subscription" or not subscription_id:
        return org, "ignored: no subscription in this Checkout session"
    plan, interval = _plan_for(metadata, "")
    record = _subscription_record(org, subscription_id)
    _subscription_merge(
        record,
        SubscriptionFacts(
            at=int(event["created"]),
            status="active" if paid else None,
            plan=plan,
            interval=interval,
            customer_id=customer_id,
        ),
    )
    _invoices_settle(org)
    _account_sync(org, account)
    return org, f"subscription {subscription_id} checked out"


def _subscription_changed(event: Event) -> tuple[Organization | None, str]:
    sub: dict[str, Any] = event["data"]["object"]
    metadata = sub.get("metadata") or {}
    org = _org_for(sub, metadata)
    if org is None:
        return None, "ignored: no Herald organization for this subscription"
    account = _lock_account(org)
    items = _dig(sub, "items", "data") or [{}]
    item = items[0] if items else {}
    price = item.get("price") or {}
    plan, interval = _plan_for(metadata, _id(price))
    interval = interval or str(_dig(price, "recurring", "interval") or "")
    # Since API version 2025-03-31 the period lives on each subscription item.
    period_start = item.get("current_period_start") or sub.get("current_period_start")
    period_end = item.get("current_period_end") or sub.get("current_period_end")
    deleted = event["type"] == "customer.subscription.deleted"
    record = _subscription_record(org, str(sub["id"]))
    _subscription_merge(
        record,
        SubscriptionFacts(
            at=int(event["created"]),
            status="canceled" if deleted else str(sub.get("status") or "") or None,
            ended=deleted,
            plan=plan,
            interval=interval,
            period_start=_when(period_start),
            period_end=_when(period_end),
            cancel_at_period_end=bool(sub.get("cancel_at_period_end") or sub.get("cancel_at")),
            created=_when(sub.get("created")),
            customer_id=_id(sub.get("customer")),
        ),
    )
    _invoices_settle(org)
    _account_sync(org, account)
    return org, f"subscription {sub['id']} is {record.status}{' (ended)' if record.ended else ''}"


def _invoice_subscription(invoice: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The subscription id and its metadata (`parent.subscription_details` since 2025-03-31)."""
    details = _dig(invoice, "parent", "subscription_details") or invoice.get("subscription_details")
    details = details if isinstance(details, dict) else {}
    subscription_id = _id(details.get("subscription")) or _id(invoice.get("subscription"))
    return subscription_id, details.get("metadata") or {}


def _invoice_line(invoice: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    lines = _dig(invoice, "lines", "data") or []
    line: dict[str, Any] = lines[0] if lines else {}
    price_id = _id(_dig(line, "pricing", "price_details", "price")) or _id(line.get("price"))
    return price_id, line.get("period") or {}


def _invoice_changed(event: Event) -> tuple[Organization | None, str]:
    return invoice_apply(
        data=event["data"]["object"], at=int(event["created"]), event=event["type"]
    )


# Events about a payment, which also say how the invoice's subscription stands.
PAYMENT_EVENTS = frozenset({"invoice.paid", "invoice.payment_succeeded", "invoice.payment_failed"})


@transaction.atomic
def invoice_apply(
    *, data: dict[str, Any], at: int, event: str = ""
) -> tuple[Organization | None, str]:
    """Merge an invoice Stripe described at time `at`: from an `event`, or fetched (no event).

    Only payment events move the subscription's status: a fetched list of old invoices says
    nothing about how the subscription stands now.
    """
    if data.get("object") != "invoice" or not data.get("id"):
        return None, "ignored: not an invoice"
    subscription_id, metadata = _invoice_subscription(data)
    org = _org_for(data, metadata)
    if org is None:
        return None, "ignored: no Herald organization for this invoice"
    account = _lock_account(org)
    status = str(data.get("status") or "")
    price_id, period = _invoice_line(data)
    plan, interval = _plan_for(metadata, price_id)

    invoice, _ = StripeInvoice.objects.get_or_create(
        stripe_id=str(data["id"]), defaults={"organization": org}
    )
    invoice = StripeInvoice.objects.select_for_update().get(pk=invoice.pk)
    versions = dict(invoice.versions)
    rank = INVOICE_STATUS_RANK.get(status, 0)
    status_applied = False
    if invoice.status not in FINAL_INVOICE_STATUSES and _newer(versions, "status", at, rank):
        invoice.status = status
        status_applied = True
    if _newer(versions, "fields", at, rank):
        invoice.number = str(data.get("number") or "")
        invoice.currency = str(data.get("currency") or invoice.currency)
        invoice.amount_due = int(data.get("amount_due") or 0)
        invoice.amount_paid = int(data.get("amount_paid") or 0)
        invoice.hosted_invoice_url = str(data.get("hosted_invoice_url") or "")
        invoice.invoice_pdf = str(data.get("invoice_pdf") or "")
        invoice.subscription_id = subscription_id
        invoice.billing_reason = str(data.get("billing_reason") or "")
        invoice.period_start = _when(period.get("start")) or _when(data.get("period_start"))
        invoice.period_end = _when(period.get("end")) or _when(data.get("period_end"))
        invoice.stripe_created = _when(data.get("created"))
        if plan is not None:
            invoice.plan, invoice.interval = plan, interval
    invoice.versions = versions
    invoice.save()

    failed = event == "invoice.payment_failed"
    if subscription_id and event in PAYMENT_EVENTS and (status == "paid" or failed):
        if failed:
            # A first invoice that fails leaves the subscription incomplete (never live);
            # a renewal that fails makes it past due.
            first = invoice.billing_reason == "subscription_create"
            sub_status = "incomplete" if first else "past_due"
        else:
            sub_status = "active"
        _subscription_merge(
            _subscription_record(org, subscription_id),
            SubscriptionFacts(
                at=at,
                status=sub_status,
                plan=plan,
                interval=interval,
                period_start=_when(period.get("start")),
                period_end=_when(period.get("end")),
                customer_id=_id(data.get("customer")),
            ),
        )
    _invoices_settle(org)
    _account_sync(org, account)
    if failed and status_applied:
        _notify_payment_failed(org, invoice)
    return org, f"invoice {data['id']} is {invoice.status}"


def _notify_payment_failed(org: Organization, invoice: StripeInvoice) -> None:
    amount = f"{invoice.amount_due / 100:,.2f} {invoice.currency.upper()}"
    notify_admins(
        org=org,
        kind="billing.payment_failed",
        title="A payment failed",
        body=(
            f"Stripe could not charge {amount} for {org.name} (invoice {invoice}). "
            "Update the card in the billing portal to keep your plan; Stripe retries "
            "the payment over the next days."
        ),
        url=f"/app/{org.slug}/billing/",
    )
