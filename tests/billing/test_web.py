"""The billing page: who sees what, and buttons that lead to Stripe and back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from billing import services
from billing.models import StripeInvoice

pytestmark = pytest.mark.django_db

PAGE = "/app/acme/billing/"


def _as(client, user):
    client.force_login(user)
    return client


def test_admins_see_plan_usage_credits_ledger_and_invoices(client, org, owner, admin, stripe_stub):
    services.quota_consume(org=org, resource="posts", amount=4)
    services.credits_charge(org=org, amount=7, reason="Three captions")
    StripeInvoice.objects.create(
        organization=org,
        stripe_id="in_1",
        number="HRLD-0001",
        status="paid",
        amount_due=7500,
        hosted_invoice_url="https://invoice.stripe.com/i/in_1",
        invoice_pdf="https://pay.stripe.com/invoice/in_1/pdf",
        stripe_created=datetime(2026, 1, 5, tzinfo=UTC),
    )

    response = _as(client, admin).get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="current-plan">Free<' in html
    assert 'data-testid="credit-balance">43<' in html
    assert "4 / 5" in html  # posts this month
    assert "Three captions" in html
    assert "HRLD-0001" in html
    assert 'href="https://pay.stripe.com/invoice/in_1/pdf"' in html
    assert 'id="credits-usage-data"' in html
    assert 'id="credits-usage-chart"' in html
    assert "billing/billing.js" in html
    assert "Only the organization's owners" in html
    assert 'action="/app/acme/billing/checkout/"' not in html  # no pay buttons for admins


def test_the_chart_data_covers_thirty_days(client, org, owner):
    import json
    import re

    services.credits_charge(org=org, amount=12, reason="A blog post")

    html = _as(client, owner).get(PAGE).content.decode()

    raw = re.search(r'id="credits-usage-data" type="application/json">(.*?)</script>', html)
    rows = json.loads(raw.group(1))
    assert len(rows) == 30
    assert rows[-1]["used"] == 12
    assert sum(r["used"] for r in rows) == 12


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_members_and_viewers_cannot_open_billing(client, request, role):
    response = _as(client, request.getfixturevalue(role)).get(PAGE)

    assert response.status_code == 403


def test_outsiders_get_404(client, org, outsider):
    assert _as(client, outsider).get(PAGE).status_code == 404


def test_without_stripe_owners_are_told_staff_assign_plans(client, org, owner):
    html = _as(client, owner).get(PAGE).content.decode()

    assert "Online payments are off" in html
    assert 'action="/app/acme/billing/checkout/"' not in html


def test_owners_get_upgrade_and_top_up_buttons_and_a_csp_allowing_stripe(
    client, org, owner, stripe_stub
):
    response = _as(client, owner).get(PAGE + "?interval=year")

    html = response.content.decode()
    assert "Upgrade to Pro" in html
    assert 'name="interval" value="year"' in html
    assert "$750" in html
    assert "Buy for $10" in html
    csp = response.headers["Content-Security-Policy"]
    stripe_origins = f"https://checkout.stripe.com https://billing.stripe.com {stripe_stub.url}"
    assert f"form-action 'self' {stripe_origins}" in csp
    assert "script-src 'self';" in csp


def test_upgrade_redirects_to_stripe_checkout(client, org, owner, stripe_stub):
    response = _as(client, owner).post(
        PAGE + "checkout/", {"plan": "pro", "interval": "month", "page_token": "t1"}
    )

    assert response.status_code == 302
    [session] = stripe_stub.sessions.values()
    assert response["Location"] == session["url"]
    assert session["metadata"] == {
        "org_id": str(org.pk),
        "plan": "pro",
        "interval": "month",
        "kind": "subscription",
    }
    assert session["success_url"] == "http://testserver/app/acme/billing/?checkout=success"


def test_a_double_click_opens_one_checkout(client, org, owner, stripe_stub):
    c = _as(client, owner)
    form = {"topup": "1000", "page_token": "same-page"}

    first = c.post(PAGE + "checkout/", form)
    second = c.post(PAGE + "checkout/", form)

    assert first["Location"] == second["Location"]
    assert len(stripe_stub.sessions) == 1


def test_admins_cannot_post_checkout(client, org, admin, stripe_stub):
    response = _as(client, admin).post(PAGE + "checkout/", {"plan": "pro"})

    assert response.status_code == 403
    assert stripe_stub.sessions == {}


def test_checkout_without_keys_comes_back_with_the_reason(client, org, owner):
    response = _as(client, owner).post(PAGE + "checkout/", {"plan": "pro"}, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    assert "Billing is not configured" in response.content.decode()


def test_a_bad_choice_comes_back_with_the_reason(client, org, owner, stripe_stub):
    response = _as(client, owner).post(
        PAGE + "checkout/", {"plan": "enterprise", "interval": "year"}, follow=True
    )

    assert "billed monthly only" in response.content.decode()
    assert stripe_stub.sessions == {}


def test_the_portal_button_redirects_to_stripe(client, org, owner, stripe_stub):
    response = _as(client, owner).post(PAGE + "portal/")

    assert response.status_code == 302
    assert response["Location"].startswith(f"{stripe_stub.url}/portal/")


def test_returning_from_checkout_shows_a_message(client, org, owner):
    c = _as(client, owner)

    done = c.get(PAGE + "?checkout=success", follow=True)
    cancelled = c.get(PAGE + "?checkout=cancelled", follow=True)

    assert done.redirect_chain == [(PAGE, 302)]
    assert "Payment received" in done.content.decode()
    assert "nothing was charged" in cancelled.content.decode()


def test_get_on_action_urls_goes_back_to_the_page(client, org, owner):
    c = _as(client, owner)

    assert c.get(PAGE + "checkout/")["Location"] == PAGE
    assert c.get(PAGE + "portal/")["Location"] == PAGE
