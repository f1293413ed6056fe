"""Staff billing tools: plans by hand and credits through the ledger, with staff as the actor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from billing.models import BillingAccount, CreditTransaction, StripeEvent
from billing.selectors import ledger_drift
from billing.services import billing_account_for
from organizations.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:billing_billingaccount_changelist"


@pytest.fixture
def staff(client):
    user = UserFactory(
        email="staff@herald.test", name="Sam Staff", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return user


def _act(client, action: str, account: BillingAccount):
    return client.post(
        reverse(CHANGELIST),
        {"action": action, "_selected_action": [account.pk]},
        follow=True,
    )


def test_staff_grant_credits_through_the_ledger(client, org, staff):
    account = billing_account_for(org=org)

    response = _act(client, "grant_1000_credits", account)

    assert response.status_code == 200
    row = CreditTransaction.objects.for_org(org).get(kind="grant")
    assert (row.amount, row.actor) == (1000, staff)
    assert BillingAccount.objects.get(pk=account.pk).credit_balance == 1050
    assert ledger_drift(org=org) == 0
    assert AuditEvent.objects.filter(action="billing.credits_granted", actor=staff).exists()


def test_staff_change_plans_without_stripe(client, org, staff):
    account = billing_account_for(org=org)

    _act(client, "change_plan_to_business", account)

    account.refresh_from_db()
    assert account.plan.code == "business"
    assert account.staff_assigned_at is not None
    event = AuditEvent.objects.get(action="billing.plan_changed")
    assert event.actor == staff
    assert event.metadata["to"] == "business"


def test_the_grant_100_action_exists(client, org, staff):
    _act(client, "grant_100_credits", billing_account_for(org=org))

    assert BillingAccount.objects.get(organization=org).credit_balance == 150


@pytest.mark.parametrize(
    "model",
    [
        "plan",
        "billingaccount",
        "creditcost",
        "credittransaction",
        "stripeevent",
        "stripesubscription",
        "stripeinvoice",
    ],
)
def test_every_billing_admin_page_opens(client, org, staff, model):
    billing_account_for(org=org)
    StripeEvent.objects.create(
        stripe_id="evt_1", type="invoice.paid", stripe_created="2026-01-01T00:00:00Z"
    )

    response = client.get(reverse(f"admin:billing_{model}_changelist"))

    assert response.status_code == 200


def test_balances_cannot_be_edited_by_hand(client, org, staff):
    account = billing_account_for(org=org)

    response = client.get(reverse("admin:billing_billingaccount_change", args=[account.pk]))

    assert response.status_code == 200
    assert 'name="credit_balance"' not in response.content.decode()
    ledger_row = CreditTransaction.objects.for_org(org).first()
    change = client.get(reverse("admin:billing_credittransaction_change", args=[ledger_row.pk]))
    assert 'name="amount"' not in change.content.decode()


def test_the_ledger_filters_by_organization_and_kind(client, org, other_org, staff):
    billing_account_for(org=org)
    billing_account_for(org=other_org)

    response = client.get(
        reverse("admin:billing_credittransaction_changelist"),
        {"organization__id__exact": org.pk, "kind": "monthly_grant"},
    )

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
