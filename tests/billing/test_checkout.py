"""Checkout and the customer portal against the loopback Stripe: request shapes, keys, 503s."""

from __future__ import annotations

import pytest

from billing.models import BillingAccount, IdempotencyRecord, Plan, StripeInvoice
from billing.payments import invoices_sync
from billing.services import billing_account_for
from tests.billing.stripe_stub import invoice_object, new_id

pytestmark = pytest.mark.django_db

CHECKOUT = "/api/v1/orgs/acme/billing/checkout/"
PORTAL = "/api/v1/orgs/acme/billing/portal/"


def test_a_plan_checkout_sends_an_inline_monthly_price_and_herald_metadata(
    org, owner, api_as, stripe_stub
):
    response = api_as(owner).post(CHECKOUT, {"plan": "pro", "interval": "month"}, format="json")

    assert response.status_code == 201
    [call] = stripe_stub.calls("POST", "/v1/checkout/sessions")
    p = call.params
    assert p["mode"] == "subscription"
    assert p["customer"] == BillingAccount.objects.get(organization=org).stripe_customer_id
    assert p["line_items[0][price_data][unit_amount]"] == "7500"
    assert p["line_items[0][price_data][currency]"] == "usd"
    assert p["line_items[0][price_data][recurring][interval]"] == "month"
    assert p["line_items[0][price_data][product_data][name]"] == "Herald Pro"
    assert p["line_items[0][quantity]"] == "1"
    assert p["metadata[org_id]"] == str(org.pk)
    assert (p["metadata[plan]"], p["metadata[interval]"]) == ("pro", "month")
    assert p["subscription_data[metadata][org_id]"] == str(org.pk)
    assert p["subscription_data[metadata][plan]"] == "pro"
    assert p["client_reference_id"] == str(org.pk)
    assert p["success_url"] == "http://testserver/app/acme/billing/?checkout=success"
    assert p["cancel_url"] == "http://testserver/app/acme/billing/?checkout=cancelled"
    assert call.headers["idempotency-key"].startswith(f"herald-org-{org.pk}-checkout-")
    assert response.json() == {"url": stripe_stub.sessions[next(iter(stripe_stub.sessions))]["url"]}


def test_a_yearly_checkout_uses_the_plans_stripe_price_when_it_has_one(
    org, owner, api_as, stripe_stub
):
    Plan.objects.filter(code="business").update(stripe_price_year_id="price_business_year")

    response = api_as(owner).post(CHECKOUT, {"plan": "business", "interval": "year"}, format="json")

    assert response.status_code == 201
    p = stripe_stub.calls("POST", "/v1/checkout/sessions")[0].params
    assert p["line_items[0][price]"] == "price_business_year"
    assert not any(k.startswith("line_items[0][price_data]") for k in p)
    assert p["metadata[interval]"] == "year"


def test_a_yearly_inline_price_is_the_yearly_amount(org, owner, api_as, stripe_stub):
    api_as(owner).post(CHECKOUT, {"plan": "starter", "interval": "year"}, format="json")

    p = stripe_stub.calls("POST", "/v1/checkout/sessions")[0].params
    assert p["line_items[0][price_data][unit_amount]"] == "25000"
    assert p["line_items[0][price_data][recurring][interval]"] == "year"


@pytest.mark.parametrize("topup", [2500, 2])
def test_a_top_up_is_a_one_off_payment_of_the_pack(org, owner, api_as, stripe_stub, topup):
    response = api_as(owner).post(CHECKOUT, {"topup": topup}, format="json")

    assert response.status_code == 201
    p = stripe_stub.calls("POST", "/v1/checkout/sessions")[0].params
    assert p["mode"] == "payment"
    assert p["line_items[0][price_data][unit_amount]"] == "4000"
    assert p["line_items[0][price_data][product_data][name]"] == "2,500 Herald credits"
    assert "line_items[0][price_data][recurring][interval]" not in p
    assert (p["metadata[kind]"], p["metadata[credits]"]) == ("topup", "2500")
    assert p["metadata[org_id]"] == str(org.pk)


def test_the_stripe_customer_is_created_once_with_the_org_in_its_metadata(
    org, owner, api_as, stripe_stub
):
    client = api_as(owner)
    client.post(CHECKOUT, {"topup": 500}, format="json")
    client.post(CHECKOUT, {"topup": 1000}, format="json")
    client.post(PORTAL, format="json")

    [created] = stripe_stub.calls("POST", "/v1/customers")
    assert created.params["metadata[org_id]"] == str(org.pk)
    assert created.params["metadata[org_slug]"] == "acme"
    assert created.params["name"] == "Acme Marketing"
    assert created.params["email"] == "owner@acme.test"
    assert created.headers["idempotency-key"] == f"herald-org-{org.pk}-customer"
    customer = BillingAccount.objects.get(organization=org).stripe_customer_id
    assert customer == next(iter(stripe_stub.customers))
    assert {c.params["customer"] for c in stripe_stub.calls("POST", "/v1/checkout/sessions")} == {
        customer
    }


def test_the_portal_returns_to_the_billing_page(org, owner, api_as, stripe_stub):
    response = api_as(owner).post(PORTAL, format="json")

    assert response.status_code == 200
    [call] = stripe_stub.calls("POST", "/v1/billing_portal/sessions")
    assert call.params["return_url"] == "http://testserver/app/acme/billing/"
    assert response.json()["url"].startswith(f"{stripe_stub.url}/portal/")


def test_an_idempotency_key_replays_the_first_answer_and_creates_one_session(
    org, owner, api_as, stripe_stub
):
    client = api_as(owner)
    headers = {"HTTP_IDEMPOTENCY_KEY": "order-42"}

    first = client.post(CHECKOUT, {"plan": "pro"}, format="json", **headers)
    second = client.post(CHECKOUT, {"plan": "pro"}, format="json", **headers)

    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert len(stripe_stub.calls("POST", "/v1/checkout/sessions")) == 1
    assert (
        IdempotencyRecord.objects.for_org(org).get(key="order-42").response["url"]
        == (first.json()["url"])
    )

    other = client.post(CHECKOUT, {"plan": "pro"}, format="json", HTTP_IDEMPOTENCY_KEY="order-43")
    assert other.json() != first.json()
    assert len(stripe_stub.calls("POST", "/v1/checkout/sessions")) == 2


def test_an_idempotency_key_reused_for_another_request_is_a_conflict(
    org, owner, api_as, stripe_stub
):
    client = api_as(owner)
    client.post(CHECKOUT, {"plan": "pro"}, format="json", HTTP_IDEMPOTENCY_KEY="k1")

    response = client.post(CHECKOUT, {"topup": 500}, format="json", HTTP_IDEMPOTENCY_KEY="k1")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_reused"


def test_a_lost_answer_retried_with_the_same_key_gets_the_same_stripe_session(
    org, owner, stripe_stub
):
    """If Herald's record was never written, Stripe's own idempotency key still dedupes."""
    from billing.payments import checkout_start

    kwargs = {
        "org": org,
        "actor": owner,
        "plan_code": "pro",
        "success_url": "http://testserver/ok",
        "cancel_url": "http://testserver/no",
        "idempotency_key": "retry-me",
    }
    first = checkout_start(**kwargs)
    IdempotencyRecord.objects.all().delete()

    second = checkout_start(**kwargs)

    assert first.url == second.url
    assert len(stripe_stub.sessions) == 1


def test_without_stripe_keys_checkout_and_portal_answer_503(org, owner, api_as, settings):
    settings.STRIPE_SECRET_KEY = ""
    client = api_as(owner)

    for path, body in ((CHECKOUT, {"plan": "pro", "interval": "month"}), (PORTAL, {})):
        response = client.post(path, body, format="json")
        assert response.status_code == 503
        error = response.json()["error"]
        assert error["code"] == "billing_not_configured"
        assert "not configured" in error["message"]
        assert "Staff can assign plans" in error["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"plan": "nope"}, "plan"),
        ({"plan": "free"}, "plan"),
        ({"plan": "enterprise", "interval": "year"}, "interval"),
        ({"topup": 7}, "topup"),
        ({}, "non_field_errors"),
        ({"plan": "pro", "topup": 500}, "non_field_errors"),
    ],
)
def test_bad_checkout_requests_are_400s_and_reach_no_stripe(
    org, owner, api_as, stripe_stub, body, field
):
    response = api_as(owner).post(CHECKOUT, body, format="json")

    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert stripe_stub.calls("POST", "/v1/checkout/sessions") == []


def test_a_running_subscription_sends_plan_changes_to_the_portal(org, owner, api_as, stripe_stub):
    account = billing_account_for(org=org)
    BillingAccount.objects.filter(pk=account.pk).update(stripe_subscription_id="sub_live")

    response = api_as(owner).post(CHECKOUT, {"plan": "business"}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "subscription_exists"
    assert api_as(owner).post(CHECKOUT, {"topup": 500}, format="json").status_code == 201


def test_stripe_refusing_or_failing_is_a_clear_error(org, owner, api_as, stripe_stub):
    stripe_stub.fail_with = 500

    response = api_as(owner).post(CHECKOUT, {"plan": "pro"}, format="json")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "stripe_unavailable"

    stripe_stub.fail_with = 400
    response = api_as(owner).post(CHECKOUT, {"plan": "pro"}, format="json")
    assert response.status_code == 502
    assert response.json()["error"]["code"] == "stripe_error"


def test_an_unreachable_stripe_fails_fast(org, owner, api_as, stripe_stub, settings):
    stripe_stub.stop()
    settings.STRIPE_API_HOST = stripe_stub.url  # nothing listens there any more

    response = api_as(owner).post(CHECKOUT, {"plan": "pro"}, format="json")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "stripe_unavailable"


def test_invoices_sync_backfills_from_stripe(org, owner, stripe_stub):
    account = billing_account_for(org=org)
    BillingAccount.objects.filter(pk=account.pk).update(stripe_customer_id="cus_test_acme")
    stripe_stub.customers["cus_test_acme"] = {"id": "cus_test_acme", "object": "customer"}
    stripe_stub.invoices = [
        invoice_object(
            invoice_id=new_id("in"),
            customer="cus_test_acme",
            sub_id=new_id("sub"),
            org_id=org.pk,
            status=status,
            created=1_700_000_000 + i,
            period_start=1_700_000_000,
            period_end=1_702_592_000,
        )
        for i, status in enumerate(["paid", "open"])
    ]

    assert invoices_sync(org=org) == 2

    [call] = stripe_stub.calls("GET", "/v1/invoices")
    assert call.query == {"customer": "cus_test_acme", "limit": "24"}
    assert sorted(StripeInvoice.objects.for_org(org).values_list("status", flat=True)) == [
        "open",
        "paid",
    ]
    # A fetched paid invoice brings its credits once, like its webhook would.
    assert invoices_sync(org=org) == 2
    assert account.__class__.objects.get(pk=account.pk).credit_balance == 50 + 3500


def test_the_sync_task_backfills_invoices(org, stripe_stub, celery_eager):
    from billing.tasks import sync_invoices

    billing_account_for(org=org)

    assert sync_invoices.delay(org.pk).get() == 0  # no Stripe customer yet: nothing to fetch
