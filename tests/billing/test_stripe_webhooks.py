"""Stripe webhooks: signed, applied once, and ending in the same state whatever the order."""

from __future__ import annotations

import itertools
import time

import pytest

from billing.models import BillingAccount, CreditTransaction, Plan, StripeEvent, StripeInvoice
from billing.selectors import ledger_drift
from billing.services import billing_account_for, plan_assign
from organizations.models import Notification
from tests.billing.stripe_stub import (
    LIFECYCLE,
    checkout_session_object,
    event,
    invoice_object,
    new_id,
    subscription_lifecycle,
    subscription_object,
)

pytestmark = pytest.mark.django_db


def account(org) -> BillingAccount:
    return BillingAccount.objects.select_related("plan").get(organization=org)


def plan_credits(org) -> list[CreditTransaction]:
    return list(
        CreditTransaction.objects.for_org(org).filter(idempotency_key__startswith="invoice:")
    )


def assert_on_pro(org, lifecycle) -> None:
    acct = account(org)
    sub_id = lifecycle["customer.subscription.updated"]["data"]["object"]["id"]
    invoice_id = lifecycle["invoice.paid"]["data"]["object"]["id"]
    assert (acct.plan.code, acct.status, acct.interval) == ("pro", "active", "month")
    assert acct.stripe_subscription_id == sub_id
    assert acct.current_period_end is not None
    assert [(t.amount, t.idempotency_key) for t in plan_credits(org)] == [
        (3500, f"invoice:{invoice_id}")
    ]
    assert acct.credit_balance == 50 + 3500
    assert ledger_drift(org=org) == 0


# --- Every order of the subscription lifecycle ------------------------------------------------


@pytest.mark.parametrize("order", list(itertools.permutations(LIFECYCLE)), ids="→".join)
def test_every_order_of_the_lifecycle_ends_on_pro_with_credits_granted_once(
    org, owner, customer, deliver, order
):
    lifecycle = subscription_lifecycle(org_id=org.pk, customer=customer)

    for name in order:
        assert deliver(lifecycle[name]).status_code == 200

    assert_on_pro(org, lifecycle)


@pytest.mark.parametrize("order", list(itertools.permutations(LIFECYCLE))[::5], ids="→".join)
def test_events_stamped_with_the_same_second_converge_too(org, owner, customer, deliver, order):
    lifecycle = subscription_lifecycle(org_id=org.pk, customer=customer, step=0)

    for name in order:
        deliver(lifecycle[name])

    assert_on_pro(org, lifecycle)


def test_each_redelivery_is_a_no_op(org, owner, customer, deliver):
    lifecycle = subscription_lifecycle(org_id=org.pk, customer=customer)
    for name in LIFECYCLE:
        deliver(lifecycle[name])
    notifications_before = Notification.objects.count()

    for _ in range(2):
        for name in reversed(LIFECYCLE):
            response = deliver(lifecycle[name])
            assert response.status_code == 200
            assert response.json()["duplicate"] is True

    assert_on_pro(org, lifecycle)
    assert StripeEvent.objects.count() == 4
    assert Notification.objects.count() == notifications_before


def test_a_new_event_repeating_a_paid_invoice_grants_nothing_more(org, owner, customer, deliver):
    lifecycle = subscription_lifecycle(org_id=org.pk, customer=customer)
    for name in LIFECYCLE:
        deliver(lifecycle[name])
    paid = lifecycle["invoice.paid"]

    # Stripe also sends invoice.payment_succeeded and invoice.updated for the same invoice.
    deliver(event("invoice.payment_succeeded", paid["data"]["object"], paid["created"] + 5))
    deliver(event("invoice.updated", paid["data"]["object"], paid["created"] + 6))

    assert_on_pro(org, lifecycle)


# --- Signatures ----------------------------------------------------------------------------


def test_a_bad_signature_is_refused_and_changes_nothing(org, owner, customer, deliver):
    lifecycle = subscription_lifecycle(org_id=org.pk, customer=customer)

    response = deliver(lifecycle["invoice.paid"], secret="whsec_not_the_right_one")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_signature"
    assert StripeEvent.objects.count() == 0
    assert plan_credits(org) == []


def test_a_tampered_body_is_refused(org, customer, client, webhook_secret):
    import json

    from tests.billing.stripe_stub import signature_header

    payload = json.dumps(subscription_lifecycle(org_id=org.pk, customer=customer)["invoice.paid"])
    header = signature_header(payload.encode(), webhook_secret)
    tampered = payload.replace('"amount_paid": 7500', '"amount_paid": 1')

    response = client.post(
        "/billing/stripe/webhook/",
        data=tampered,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )

    assert response.status_code == 400


def test_a_stale_timestamp_is_refused(org, owner, customer, deliver):
    lifecycle = subscription_lifecycle(org_id=org.pk, customer=customer)

    response = deliver(lifecycle["invoice.paid"], timestamp=int(time.time()) - 301)

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_a_missing_signature_is_refused(client, webhook_secret):
    response = client.post("/billing/stripe/webhook/", data="{}", content_type="application/json")

    assert response.status_code == 400


def test_without_a_signing_secret_webhooks_answer_503(client, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    settings.DJSTRIPE_WEBHOOK_SECRET = ""

    response = client.post("/billing/stripe/webhook/", data="{}", content_type="application/json")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "billing_not_configured"


def test_the_webhook_only_accepts_post(client):
    assert client.get("/billing/stripe/webhook/").status_code == 405


# --- Cancellation ------------------------------------------------------------------------------


def _subscribed(org, customer, deliver) -> dict:
    lifecycle = subscription_lifecycle(
        org_id=org.pk, customer=customer, start=int(time.time()) - 100
    )
    for name in LIFECYCLE:
        deliver(lifecycle[name])
    return lifecycle


def _sub_event(kind: str, lifecycle: dict, created: int, **changes) -> dict:
    sub = dict(lifecycle["customer.subscription.updated"]["data"]["object"])
    sub.update(changes)
    return event(kind, sub, created)


def test_cancel_at_period_end_keeps_pro_until_deleted_then_free(org, owner, customer, deliver):
    lifecycle = _subscribed(org, customer, deliver)
    now = int(time.time())

    deliver(
        _sub_event("customer.subscription.updated", lifecycle, now - 50, cancel_at_period_end=True)
    )
    acct = account(org)
    assert (acct.plan.code, acct.cancel_at_period_end) == ("pro", True)

    deliver(_sub_event("customer.subscription.deleted", lifecycle, now - 10, status="canceled"))

    acct = account(org)
    assert (acct.plan.code, acct.status) == ("free", "active")
    assert acct.stripe_subscription_id == ""
    assert acct.cancel_at_period_end is False
    assert acct.credit_balance == 3550  # credits already paid for stay


def test_an_older_update_arriving_after_deletion_does_not_revive_the_plan(
    org, owner, customer, deliver
):
    lifecycle = _subscribed(org, customer, deliver)
    now = int(time.time())
    deleted = _sub_event("customer.subscription.deleted", lifecycle, now - 10, status="canceled")
    late_update = _sub_event("customer.subscription.updated", lifecycle, now - 20, status="active")
    # Even a "newer" active snapshot of a deleted subscription cannot bring it back.
    newer_active = _sub_event("customer.subscription.updated", lifecycle, now, status="active")

    for message in (deleted, late_update, newer_active):
        deliver(message)

    assert account(org).plan.code == "free"


@pytest.mark.parametrize("deleted_first", [True, False])
def test_deleted_and_lifecycle_in_any_order_end_on_free(
    org, owner, customer, deliver, deleted_first
):
    lifecycle = subscription_lifecycle(
        org_id=org.pk, customer=customer, start=int(time.time()) - 100
    )
    deleted = _sub_event(
        "customer.subscription.deleted", lifecycle, int(time.time()), status="canceled"
    )
    messages = [lifecycle[name] for name in LIFECYCLE]
    messages = [deleted, *messages] if deleted_first else [*messages, deleted]

    for message in messages:
        deliver(message)

    acct = account(org)
    assert acct.plan.code == "free"
    assert len(plan_credits(org)) == 1  # the paid invoice still brought its credits


# --- Failed payments ----------------------------------------------------------------------------


def test_a_failed_renewal_marks_past_due_and_tells_the_admins(
    org, owner, admin, member, customer, deliver
):
    lifecycle = _subscribed(org, customer, deliver)
    sub = lifecycle["customer.subscription.updated"]["data"]["object"]
    now = int(time.time())
    failed = invoice_object(
        invoice_id=new_id("in"),
        customer=customer,
        sub_id=sub["id"],
        org_id=org.pk,
        status="open",
        billing_reason="subscription_cycle",
        created=now - 5,
        period_start=now,
        period_end=now + 30 * 86400,
    )

    response = deliver(event("invoice.payment_failed", failed, now - 5))

    assert response.status_code == 200
    acct = account(org)
    assert (acct.plan.code, acct.status) == ("pro", "past_due")
    notes = Notification.objects.for_org(org).filter(kind="billing.payment_failed")
    assert {n.user for n in notes} == {owner, admin}
    assert "billing portal" in notes[0].body
    assert notes[0].url == f"/app/{org.slug}/billing/"
    assert len(plan_credits(org)) == 1  # nothing granted for an unpaid invoice

    # Stripe retries the card and it works: active again, with that period's credits.
    paid = dict(failed, status="paid", amount_paid=failed["amount_due"])
    deliver(event("invoice.paid", paid, now))
    acct = account(org)
    assert (acct.plan.code, acct.status) == ("pro", "active")
    assert len(plan_credits(org)) == 2


def test_a_failure_reported_after_the_invoice_was_paid_changes_nothing(
    org, owner, customer, deliver
):
    lifecycle = _subscribed(org, customer, deliver)
    sub = lifecycle["customer.subscription.updated"]["data"]["object"]
    now = int(time.time())
    common = {
        "invoice_id": new_id("in"),
        "customer": customer,
        "sub_id": sub["id"],
        "org_id": org.pk,
        "billing_reason": "subscription_cycle",
        "created": now - 20,
        "period_start": now,
        "period_end": now + 30 * 86400,
    }
    deliver(event("invoice.paid", invoice_object(status="paid", **common), now - 5))

    deliver(event("invoice.payment_failed", invoice_object(status="open", **common), now - 10))

    assert account(org).status == "active"
    assert not Notification.objects.filter(kind="billing.payment_failed").exists()
    assert StripeInvoice.objects.get(stripe_id=common["invoice_id"]).status == "paid"


def test_a_failed_first_payment_never_upgrades(org, owner, customer, deliver):
    now = int(time.time())
    sub_id = new_id("sub")
    invoice = invoice_object(
        invoice_id=new_id("in"),
        customer=customer,
        sub_id=sub_id,
        org_id=org.pk,
        status="open",
        created=now,
        period_start=now,
        period_end=now + 30 * 86400,
    )
    created = subscription_object(
        sub_id=sub_id,
        customer=customer,
        org_id=org.pk,
        status="incomplete",
        created=now,
        period_start=now,
        period_end=now + 30 * 86400,
    )

    deliver(event("customer.subscription.created", created, now))
    deliver(event("invoice.payment_failed", invoice, now + 1))

    assert account(org).plan.code == "free"


# --- Top-ups ---------------------------------------------------------------------------------


def _topup_session(org, customer, credits=1000, payment_status="paid") -> dict:
    return checkout_session_object(
        session_id=new_id("cs"),
        customer=customer,
        org_id=org.pk,
        mode="payment",
        metadata={"org_id": str(org.pk), "kind": "topup", "credits": str(credits), "pack": "1"},
        payment_status=payment_status,
        amount_total=1800,
    )


def test_a_paid_top_up_grants_its_credits_once(org, owner, customer, deliver):
    session = _topup_session(org, customer)
    completed = event("checkout.session.completed", session, int(time.time()))

    deliver(completed)
    deliver(completed)
    deliver(event("checkout.session.completed", session, int(time.time())))  # a new event id

    rows = CreditTransaction.objects.for_org(org).filter(kind="topup")
    assert [(r.amount, r.idempotency_key) for r in rows] == [(1000, f"topup:{session['id']}")]
    assert account(org).credit_balance == 1050


def test_a_delayed_top_up_payment_grants_when_it_succeeds(org, owner, customer, deliver):
    session = _topup_session(org, customer, credits=500, payment_status="unpaid")
    deliver(event("checkout.session.completed", session, int(time.time()) - 5))
    assert account(org).credit_balance == 50

    paid = dict(session, payment_status="paid")
    deliver(event("checkout.session.async_payment_succeeded", paid, int(time.time())))

    assert account(org).credit_balance == 550


# --- Other rules ------------------------------------------------------------------------------


def test_a_yearly_invoice_grants_twelve_months_of_credits(org, owner, customer, deliver):
    lifecycle = subscription_lifecycle(org_id=org.pk, customer=customer, interval="year")

    for name in LIFECYCLE:
        deliver(lifecycle[name])

    acct = account(org)
    assert (acct.plan.code, acct.interval) == ("pro", "year")
    assert [t.amount for t in plan_credits(org)] == [3500 * 12]


def test_a_stripe_price_id_maps_to_its_plan_without_metadata(org, owner, customer, deliver):
    Plan.objects.filter(code="business").update(stripe_price_month_id="price_business_month")
    now = int(time.time())
    sub = subscription_object(
        sub_id=new_id("sub"),
        customer=customer,
        org_id=org.pk,
        status="active",
        created=now,
        period_start=now,
        period_end=now + 30 * 86400,
        price_id="price_business_month",
    )
    sub["metadata"] = {}

    deliver(event("customer.subscription.created", sub, now))

    assert account(org).plan.code == "business"


def test_staff_assignment_stands_until_stripe_reports_something_newer(
    org, owner, customer, deliver
):
    lifecycle = subscription_lifecycle(
        org_id=org.pk, customer=customer, start=int(time.time()) - 100
    )
    for name in LIFECYCLE:
        deliver(lifecycle[name])
    plan_assign(org=org, actor=owner, plan=Plan.objects.get(code="business"))

    # A late redelivery-with-a-new-id of an old event does not undo staff's choice.
    old = lifecycle["customer.subscription.updated"]
    deliver(event(old["type"], old["data"]["object"], old["created"]))
    assert account(org).plan.code == "business"

    deliver(_sub_event("customer.subscription.deleted", lifecycle, int(time.time()) + 1))
    assert account(org).plan.code == "free"


def test_events_for_unknown_customers_are_recorded_and_ignored(org, deliver):
    billing_account_for(org=org)
    sub = subscription_object(
        sub_id=new_id("sub"),
        customer="cus_someone_else",
        org_id=999_999,
        status="active",
        created=1,
        period_start=1,
        period_end=2,
    )

    response = deliver(event("customer.subscription.updated", sub, int(time.time())))

    assert response.status_code == 200
    assert StripeEvent.objects.get().outcome.startswith("ignored")
    assert account(org).plan.code == "free"


def test_unhandled_event_types_are_acknowledged(deliver):
    response = deliver(event("product.created", {"id": "prod_1", "object": "product"}, 1))

    assert response.status_code == 200
    assert StripeEvent.objects.get().outcome.startswith("ignored")


def test_invoices_keep_their_links(org, owner, customer, deliver):
    lifecycle = subscription_lifecycle(org_id=org.pk, customer=customer)
    deliver(lifecycle["invoice.paid"])

    invoice = StripeInvoice.objects.get()
    assert invoice.organization_id == org.pk
    assert invoice.hosted_invoice_url.startswith("https://invoice.stripe.com/")
    assert invoice.invoice_pdf.endswith("/pdf")
    assert (invoice.status, invoice.amount_paid, invoice.plan.code) == ("paid", 7500, "pro")
