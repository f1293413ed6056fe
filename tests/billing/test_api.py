"""The billing API: who may do what, the shapes, the ledger's pages and filters."""

from __future__ import annotations

import pytest

from billing import services
from billing.models import StripeInvoice

pytestmark = pytest.mark.django_db

BASE = "/api/v1/orgs/acme/billing/"


# --- Roles and tenancy -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "read", "pay"),
    [
        ("owner", 200, 201),
        ("admin", 200, 403),
        ("member", 403, 403),
        ("viewer", 403, 403),
        ("outsider", 404, 404),
    ],
)
def test_admins_read_billing_and_only_owners_pay(request, api_as, stripe_stub, role, read, pay):
    client = api_as(request.getfixturevalue(role))

    for path in ("", "ledger/", "invoices/"):
        assert client.get(BASE + path).status_code == read, path
    for path, body in (("checkout/", {"topup": 500}), ("portal/", {})):
        expected = 200 if (pay == 201 and path == "portal/") else pay
        assert client.post(BASE + path, body, format="json").status_code == expected, path


def test_an_admin_is_told_why_checkout_is_refused(admin, api_as, stripe_stub):
    response = api_as(admin).post(BASE + "checkout/", {"plan": "pro"}, format="json")

    assert response.json()["error"]["code"] == "role_required"
    assert stripe_stub.requests == []


def test_anonymous_requests_need_sign_in(api_client, org):
    assert api_client.get(BASE).status_code == 401


# --- Shapes --------------------------------------------------------------------------------


def test_the_public_plan_list_needs_no_sign_in(api_client, db):
    response = api_client.get("/api/v1/plans/")

    assert response.status_code == 200
    plans = {p["code"]: p for p in response.json()}
    assert list(plans) == ["free", "starter", "pro", "business", "enterprise"]
    assert plans["pro"] == {
        "code": "pro",
        "name": "Pro",
        "description": "",
        "currency": "usd",
        "price_month_cents": 7500,
        "price_year_cents": 75000,
        "monthly_credits": 3500,
        "limits": {
            "tasks": 100,
            "posts": 50,
            "emails": 25,
            "social_accounts": 25,
            "members": 10,
            "brands": 10,
        },
        "features": {"agentic_engine": True},
    }
    assert plans["enterprise"]["price_year_cents"] is None
    assert plans["enterprise"]["limits"]["members"] is None


def test_hidden_plans_are_not_listed(api_client, db):
    from billing.models import Plan

    Plan.objects.filter(code="enterprise").update(is_public=False)

    codes = [p["code"] for p in api_client.get("/api/v1/plans/").json()]

    assert "enterprise" not in codes


def test_the_summary_shows_plan_balance_and_usage(org, owner, admin, member, api_as):
    services.quota_consume(org=org, resource="posts", amount=2)

    body = api_as(admin).get(BASE).json()

    assert body["plan"]["code"] == "free"
    assert (body["status"], body["interval"]) == ("active", "month")
    assert body["credit_balance"] == 50
    assert body["cancel_at_period_end"] is False
    assert body["has_subscription"] is False
    assert body["payments_enabled"] is False
    usage = {u["resource"]: u for u in body["usage"]}
    assert usage["posts"] == {
        "resource": "posts",
        "used": 2,
        "limit": 5,
        "remaining": 3,
        "monthly": True,
    }
    assert usage["members"] == {
        "resource": "members",
        "used": 3,
        "limit": 2,
        "remaining": 0,
        "monthly": False,
    }
    assert [p["credits"] for p in body["topup_packs"]] == [500, 1000, 2500, 5000]
    assert body["topup_packs"][0] == {"index": 0, "credits": 500, "price_cents": 1000}


def test_payments_enabled_follows_the_stripe_key(org, owner, api_as, stripe_stub):
    assert api_as(owner).get(BASE).json()["payments_enabled"] is True


# --- Ledger --------------------------------------------------------------------------------


def _spend(org, n: int) -> None:
    for i in range(n):
        services.credits_charge(org=org, amount=1, reason=f"caption {i}")


def test_the_ledger_pages_with_a_cursor_newest_first(org, owner, api_as):
    services.billing_account_for(org=org)
    _spend(org, 30)
    client = api_as(owner)

    first = client.get(BASE + "ledger/", {"page_size": 20}).json()
    second = client.get(first["next"]).json()

    rows = first["results"] + second["results"]
    assert len(rows) == 31
    assert second["next"] is None
    assert rows[0]["reason"] == "caption 29"
    assert rows[-1]["kind"] == "monthly_grant"
    assert len({r["id"] for r in rows}) == 31
    assert set(rows[0]) == {
        "id",
        "amount",
        "kind",
        "reason",
        "metadata",
        "balance_after",
        "actor",
        "created_at",
    }
    assert (rows[0]["amount"], rows[0]["balance_after"]) == (-1, 20)


def test_the_ledger_filters_by_kind(org, owner, api_as):
    services.billing_account_for(org=org)
    _spend(org, 3)
    services.credits_grant(org=org, amount=100, reason="Gift", actor=owner)

    client = api_as(owner)
    grants = client.get(BASE + "ledger/", {"kind": "grant"}).json()["results"]
    charges = client.get(BASE + "ledger/", {"kind": "charge"}).json()["results"]

    assert [(g["amount"], g["actor"]) for g in grants] == [(100, "Olivia Owner")]
    assert len(charges) == 3
    bad = client.get(BASE + "ledger/", {"kind": "bogus"})
    assert bad.status_code == 400
    assert "kind" in bad.json()["error"]["fields"]


def test_the_ledger_costs_the_same_queries_however_long(
    org, owner, api_as, django_assert_max_num_queries
):
    services.billing_account_for(org=org)
    client = api_as(owner)
    _spend(org, 2)
    services.credits_grant(org=org, amount=10, reason="Gift", actor=owner)
    client.get(BASE + "ledger/")  # warm up per-process caches (content types, etc.)

    with django_assert_max_num_queries(6) as small:
        client.get(BASE + "ledger/")
    _spend(org, 45)
    for _ in range(5):
        services.credits_grant(org=org, amount=10, reason="Gift", actor=owner)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        response = client.get(BASE + "ledger/")

    assert len(response.json()["results"]) == 50
    assert len(large.captured_queries) == len(small.captured_queries)


# --- Invoices --------------------------------------------------------------------------------


def test_invoices_list_newest_first_with_their_links(org, owner, other_org, api_as):
    from datetime import UTC, datetime

    def invoice(o, stripe_id, status, day):
        return StripeInvoice.objects.create(
            organization=o,
            stripe_id=stripe_id,
            number=stripe_id.upper(),
            status=status,
            amount_due=7500,
            amount_paid=7500 if status == "paid" else 0,
            hosted_invoice_url=f"https://invoice.stripe.com/i/{stripe_id}",
            invoice_pdf=f"https://pay.stripe.com/invoice/{stripe_id}/pdf",
            stripe_created=datetime(2026, 1, day, tzinfo=UTC),
        )

    invoice(org, "in_old", "paid", 1)
    invoice(org, "in_new", "open", 2)
    invoice(org, "in_draft", "draft", 3)
    invoice(other_org, "in_theirs", "paid", 4)

    body = api_as(owner).get(BASE + "invoices/").json()

    assert body["count"] == 2
    assert [i["id"] for i in body["results"]] == ["in_new", "in_old"]
    assert body["results"][1]["hosted_invoice_url"] == "https://invoice.stripe.com/i/in_old"
    assert body["results"][1]["invoice_pdf"] == "https://pay.stripe.com/invoice/in_old/pdf"
    assert body["results"][1]["status"] == "paid"
