"""An owner upgrades to Pro in a real browser: Herald -> Stripe Checkout -> back -> webhooks.

Stripe is the loopback stub (tests/billing/stripe_stub.py): its Checkout page sends the
browser straight back to the success URL, as a completed payment would, and the test then
delivers the signed webhooks Stripe would send, over a real socket, in Stripe's order.
"""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from tests.billing.stripe_stub import (
    LIFECYCLE,
    TEST_SECRET_KEY,
    WEBHOOK_SECRET,
    StripeStub,
    signature_header,
    subscription_lifecycle,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stripe_stub(settings):
    stub = StripeStub().start()
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_API_HOST = stub.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    yield stub
    stub.stop()


def _sign_in(page, live_server, user) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def _post_webhook(live_server, event: dict) -> int:
    payload = json.dumps(event).encode()
    request = urllib.request.Request(
        f"{live_server.url}/billing/stripe/webhook/",
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": signature_header(payload)},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(response.status)


def test_a_free_owner_upgrades_to_pro_and_gets_its_credits(
    page, live_server, stripe_stub, artifacts_dir
):
    from billing.services import quota_consume
    from organizations.models import Role
    from tests.factories import OrganizationFactory, member_of

    # given: an owner on the Free plan who has used some of this month's posts
    org = OrganizationFactory(name="Acme Marketing", slug="acme")
    owner = member_of(org, Role.OWNER, email="owner@acme.test", name="Olivia Owner")
    quota_consume(org=org, resource="posts", amount=3)
    _sign_in(page, live_server, owner)

    page.goto("/app/acme/billing/")
    assert page.get_by_test_id("current-plan").inner_text() == "Free"
    assert page.get_by_test_id("credit-balance").inner_text() == "50"
    assert "3 / 5" in page.get_by_test_id("usage").inner_text()
    page.wait_for_function("document.querySelector('#credits-usage-chart').width > 0")
    page.screenshot(path=str(artifacts_dir / "billing-free.png"), full_page=True)

    # when: they upgrade to Pro, pay on Stripe's page and come back
    page.get_by_role("button", name="Upgrade to Pro").click()
    page.wait_for_url(re.compile(r".*/app/acme/billing/$"))
    assert page.get_by_text("Payment received").is_visible()
    [session] = stripe_stub.sessions.values()
    assert session["metadata"]["plan"] == "pro"

    # and Stripe confirms by webhook, in the order it sends them
    lifecycle = subscription_lifecycle(
        org_id=org.pk, customer=session["customer"], session_id=session["id"]
    )
    for name in ("customer.subscription.created", "invoice.paid", *LIFECYCLE):
        assert _post_webhook(live_server, lifecycle[name]) == 200  # repeats are no-ops

    # then: the page shows Pro and its credits
    page.reload()
    assert page.get_by_test_id("current-plan").inner_text() == "Pro"
    assert page.get_by_test_id("credit-balance").inner_text() == "3,550"
    assert "3 / 50" in page.get_by_test_id("usage").inner_text()
    assert page.get_by_text("Pro plan credits for a month").first.is_visible()
    assert page.get_by_role("button", name="Manage payment and invoices").is_visible()
    page.screenshot(path=str(artifacts_dir / "billing-pro.png"), full_page=True)
