"""Services that send people to Stripe: Checkout for plans and top-ups, the customer portal.

These are the only Stripe calls Herald makes inside a web request, because Stripe's flow
needs them there (the person is redirected to the session's URL). Each runs outside any
database transaction, with the gateway's timeouts, and is safe to repeat: the Stripe
customer and every Checkout session are created with an idempotency key, and a request that
carries an `Idempotency-Key` gets the first answer back instead of a second session.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from billing import stripe_gateway as gateway
from billing.catalog import TOPUP_PACKS
from billing.models import BillingAccount, IdempotencyRecord, Plan
from billing.services import DEFAULT_PLAN, billing_account_for
from billing.stripe_events import invoice_apply
from config.errors import ConflictError
from organizations.models import Membership, Organization, Role
from organizations.services import audit_record

LIVE_STATUSES = (
    BillingAccount.Status.ACTIVE,
    BillingAccount.Status.TRIALING,
    BillingAccount.Status.PAST_DUE,
)


@dataclass(frozen=True)
class TopupPack:
    index: int
    price_cents: int
    credits: int


def topup_packs() -> list[TopupPack]:
    return [TopupPack(i, price, credits) for i, (price, credits) in enumerate(TOPUP_PACKS)]


def topup_pack_for(value: int) -> TopupPack:
    """A pack by its credits (500, 1000, ...) or by its position in the list (0, 1, ...)."""
    packs = topup_packs()
    for pack in packs:
        if pack.credits == value:
            return pack
    if 0 <= value < len(packs):
        return packs[value]
    sizes = ", ".join(f"{p.credits:,}" for p in packs)
    raise ValidationError({"topup": f"Choose one of the top-up packs: {sizes} credits."})


def has_live_subscription(account: BillingAccount) -> bool:
    return bool(account.stripe_subscription_id) and account.status in LIVE_STATUSES


# --- The Stripe customer -------------------------------------------------------------


def _billing_email(org: Organization, actor: User | None) -> str:
    if actor is not None and actor.email:
        return str(actor.email)
    owner = (
        Membership.objects.for_org(org)
        .filter(role=Role.OWNER)
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )
    return str(owner.user.email) if owner is not None else ""


def customer_ensure(*, org: Organization, actor: User | None = None) -> str:
    """The organization's Stripe customer id, creating the customer the first time."""
    account = billing_account_for(org=org)
    if account.stripe_customer_id:
        return account.stripe_customer_id
    customer_id = gateway.customer_create(
        name=org.name,
        email=_billing_email(org, actor),
        metadata={"org_id": str(org.pk), "org_slug": org.slug},
        # Two racing requests (or a retry after a lost answer) get the same customer.
        idempotency_key=f"herald-org-{org.pk}-customer",
    )
    updated = BillingAccount.objects.filter(pk=account.pk, stripe_customer_id="").update(
        stripe_customer_id=customer_id
    )
    if updated != 1:
        return BillingAccount.objects.values_list("stripe_customer_id", flat=True).get(
            pk=account.pk
        )
    return customer_id


# --- Checkout --------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckoutResult:
    session_id: str
    url: str
    replayed: bool = False


def _plan_for_checkout(*, account: BillingAccount, plan_code: str, interval: str) -> Plan:
    plan = Plan.objects.filter(code=plan_code, is_public=True).first()
    if plan is None:
        raise ValidationError({"plan": f"There is no plan called “{plan_code}”."})
    if plan.code == DEFAULT_PLAN or plan.price_month_cents <= 0:
        raise ValidationError({"plan": f"The {plan.name} plan is free: there is nothing to pay."})
    if interval not in BillingAccount.Interval.values:
        raise ValidationError({"interval": "Choose month or year."})
    if interval == BillingAccount.Interval.YEAR and not plan.price_year_cents:
        raise ValidationError({"interval": f"The {plan.name} plan is billed monthly only."})
    if has_live_subscription(account):
        raise ConflictError(
            "This organization already has a subscription. Change or cancel it in the "
            "billing portal.",
            code="subscription_exists",
        )
    return plan


def _subscription_params(org: Organization, plan: Plan, interval: str) -> dict[str, Any]:
    metadata = {"org_id": str(org.pk), "plan": plan.code, "interval": interval}
    price_id = (
        plan.stripe_price_year_id
        if interval == BillingAccount.Interval.YEAR
        else plan.stripe_price_month_id
    )
    if price_id:
        line_item: dict[str, Any] = {"price": price_id, "quantity": 1}
    else:
        cents = (
            plan.price_year_cents
            if interval == BillingAccount.Interval.YEAR
            else plan.price_month_cents
        )
        line_item = {
            "quantity": 1,
            "price_data": {
                "currency": plan.currency,
                "unit_amount": cents,
                "recurring": {"interval": interval},
                "product_data": {
                    "name": f"Herald {plan.name}",
                    "metadata": {"plan": plan.code},
                },
            },
        }
    return {
        "mode": "subscription",
        "line_items": [line_item],
        "metadata": {**metadata, "kind": "subscription"},
        "subscription_data": {"metadata": metadata},
    }


def _topup_params(org: Organization, pack: TopupPack, currency: str) -> dict[str, Any]:
    metadata = {
        "org_id": str(org.pk),
        "kind": "topup",
        "credits": str(pack.credits),
        "pack": str(pack.index),
    }
    return {
        "mode": "payment",
        "line_items": [
            {
                "quantity": 1,
                "price_data": {
                    "currency": currency,
                    "unit_amount": pack.price_cents,
                    "product_data": {"name": f"{pack.credits:,} Herald credits"},
                },
            }
        ],
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
    }


def _fingerprint(request: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()


def _replay(org: Organization, scope: str, key: str, fingerprint: str) -> IdempotencyRecord | None:
    record = IdempotencyRecord.objects.for_org(org).filter(scope=scope, key=key).first()
    if record is not None and record.fingerprint != fingerprint:
        raise ConflictError(
            "This Idempotency-Key was already used for a different request. "
            "Use a new key for a new request.",
            code="idempotency_key_reused",
        )
    return record


def checkout_start(
    *,
    org: Organization,
    actor: User | None,
    success_url: str,
    cancel_url: str,
    plan_code: str = "",
    interval: str = BillingAccount.Interval.MONTH,
    topup: int | None = None,
    idempotency_key: str = "",
) -> CheckoutResult:
    """Create a Checkout session for a plan (subscription) or a credit pack (one payment).

    Raises StripeNotConfiguredError (503) when Herald has no Stripe key.
    """
    if not gateway.is_configured():
        raise gateway.StripeNotConfiguredError()
    if bool(plan_code) == (topup is not None):
        raise ValidationError({"plan": "Choose either a plan or a top-up pack."})
    request = {"plan": plan_code, "interval": interval, "topup": topup}
    fingerprint = _fingerprint(request)
    if idempotency_key:
        record = _replay(org, "checkout", idempotency_key, fingerprint)
        if record is not None:
            return CheckoutResult(
                session_id=str(record.response.get("id", "")),
                url=str(record.response["url"]),
                replayed=True,
            )

    account = billing_account_for(org=org)
    if topup is not None:
        pack = topup_pack_for(topup)
        params = _topup_params(org, pack, account.plan.currency)
        summary: dict[str, Any] = {"topup_credits": pack.credits}
    else:
        plan = _plan_for_checkout(account=account, plan_code=plan_code, interval=interval)
        params = _subscription_params(org, plan, interval)
        summary = {"plan": plan.code, "interval": interval}

    params.update(
        customer=customer_ensure(org=org, actor=actor),
        client_reference_id=str(org.pk),
        success_url=success_url,
        cancel_url=cancel_url,
    )
    stripe_key = (
        f"herald-org-{org.pk}-checkout-{_fingerprint({'key': idempotency_key, **request})}"
        if idempotency_key
        else f"herald-org-{org.pk}-checkout-{uuid.uuid4()}"
    )
    session = gateway.checkout_session_create(params=params, idempotency_key=stripe_key)

    if idempotency_key:
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.create(
                    organization=org,
                    scope="checkout",
                    key=idempotency_key,
                    fingerprint=fingerprint,
                    status_code=201,
                    response={"id": session.id, "url": session.url},
                )
        except IntegrityError:
            # A concurrent request with the same key stored its answer first; Stripe's own
            # idempotency key gave both the same session, so either answer is the same.
            record = _replay(org, "checkout", idempotency_key, fingerprint)
            if record is not None:
                return CheckoutResult(
                    session_id=str(record.response.get("id", "")),
                    url=str(record.response["url"]),
                    replayed=True,
                )
    audit_record(
        org=org,
        actor=actor,
        action="billing.checkout_started",
        target=org,
        metadata={**summary, "session": session.id},
    )
    return CheckoutResult(session_id=session.id, url=session.url)


# --- Customer portal ---------------------------------------------------------------------


def portal_start(*, org: Organization, actor: User | None, return_url: str) -> str:
    """A Stripe customer-portal session (cards, invoices, plan changes, cancellation)."""
    if not gateway.is_configured():
        raise gateway.StripeNotConfiguredError()
    customer_id = customer_ensure(org=org, actor=actor)
    session = gateway.portal_session_create(customer_id=customer_id, return_url=return_url)
    return session.url


# --- Invoices ------------------------------------------------------------------------------


def invoices_sync(*, org: Organization) -> int:
    """Fetch the customer's latest invoices from Stripe and merge them; returns how many.

    For a Celery task or staff: webhooks keep invoices current, this backfills missed ones.
    """
    account = billing_account_for(org=org)
    if not account.stripe_customer_id or not gateway.is_configured():
        return 0
    invoices = gateway.invoice_list(customer_id=account.stripe_customer_id)
    fetched_at = int(time.time())
    for data in invoices:
        invoice_apply(data=data, at=fetched_at)
    return len(invoices)
