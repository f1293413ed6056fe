"""Billing fixtures: a loopback Stripe, Herald configured to use it, and a webhook sender."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.billing.stripe_stub import TEST_SECRET_KEY, WEBHOOK_SECRET, StripeStub, signature_header

WEBHOOK_URL = "/billing/stripe/webhook/"


@pytest.fixture
def org(db):
    """Billing tests start from an organization on the Free plan (50 credits a month)."""
    from tests.factories import OrganizationFactory

    return OrganizationFactory(name="Acme Marketing", slug="acme")


@pytest.fixture
def stripe_stub(settings) -> Iterator[StripeStub]:
    """Stripe keys set and the SDK pointed at a loopback Stripe for this test."""
    stub = StripeStub().start()
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_API_HOST = stub.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 0
    try:
        yield stub
    finally:
        stub.stop()


@pytest.fixture
def webhook_secret(settings) -> str:
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return WEBHOOK_SECRET


@pytest.fixture
def deliver(client, webhook_secret) -> Callable[..., Any]:
    """`deliver(event)`: POST the event to Herald's webhook, signed as Stripe signs it."""

    def _deliver(event: dict[str, Any], *, timestamp: int | None = None, secret: str = ""):
        payload = json.dumps(event).encode()
        return client.post(
            WEBHOOK_URL,
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=signature_header(payload, secret or webhook_secret, timestamp),
        )

    return _deliver


@pytest.fixture
def customer(org) -> str:
    """The org already has its Stripe customer (created when its owner first checked out)."""
    from billing.models import BillingAccount
    from billing.services import billing_account_for

    account = billing_account_for(org=org)
    BillingAccount.objects.filter(pk=account.pk).update(stripe_customer_id="cus_test_acme")
    return "cus_test_acme"
