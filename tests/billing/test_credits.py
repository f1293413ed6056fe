import threading
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection

from billing import services
from billing.models import BillingAccount, CreditTransaction, Plan
from billing.selectors import ledger_drift
from config.errors import PaymentRequiredError
from organizations.models import Notification

pytestmark = pytest.mark.django_db


def balance(org) -> int:
    return BillingAccount.objects.get(organization=org).credit_balance


def test_a_new_account_starts_on_free_with_its_first_month_of_credits(org):
    account = services.billing_account_for(org=org)

    assert account.plan.code == "free"
    assert account.credit_balance == 50
    assert CreditTransaction.objects.get(organization=org).kind == "monthly_grant"


def test_plans_are_seeded_from_the_design():
    rows = {
        p.code: (p.price_month_cents, p.price_year_cents, p.monthly_credits, p.limit("posts"))
        for p in Plan.objects.all()
    }

    assert rows == {
        "free": (0, 0, 50, 5),
        "starter": (2500, 25000, 1000, 25),
        "pro": (7500, 75000, 3500, 50),
        "business": (15000, 150000, 8000, 250),
        "enterprise": (30000, None, 20000, 500),
    }
    assert Plan.objects.get(code="pro").has_feature("agentic_engine")
    assert not Plan.objects.get(code="starter").has_feature("agentic_engine")


def test_charge_by_operation_name_uses_the_cost_table(org):
    services.billing_account_for(org=org)

    row = services.credits_charge(
        org=org, operation="social_caption", quantity=2, reason="2 captions"
    )

    assert row.amount == -20
    assert row.balance_after == 30 == balance(org)


def test_a_short_balance_is_a_402_and_writes_nothing(org):
    services.billing_account_for(org=org)

    with pytest.raises(PaymentRequiredError) as exc:
        services.credits_charge(org=org, operation="video", reason="a video")

    assert exc.value.code == "insufficient_credits"
    assert "balance is 50" in exc.value.message
    assert balance(org) == 50
    assert CreditTransaction.objects.filter(kind="charge").count() == 0


def test_every_write_is_idempotent_by_key(org):
    first = services.credits_grant(org=org, amount=500, reason="top-up", idempotency_key="cs_1")
    again = services.credits_grant(org=org, amount=500, reason="top-up", idempotency_key="cs_1")
    charge = services.credits_charge(org=org, amount=30, reason="x", idempotency_key="run-7")
    charge_again = services.credits_charge(org=org, amount=30, reason="x", idempotency_key="run-7")

    assert first.pk == again.pk
    assert charge.pk == charge_again.pk
    assert balance(org) == 50 + 500 - 30


def test_a_charge_is_refunded_once(org):
    charge = services.credits_charge(org=org, amount=40, reason="strategy")

    refund = services.credits_refund(org=org, charge=charge, reason="the run failed")
    again = services.credits_refund(org=org, charge=charge, reason="the run failed")

    assert refund.pk == again.pk
    assert refund.amount == 40
    assert balance(org) == 50


def test_credits_low_notifies_admins_once_when_crossing_ten_percent(org, owner, admin):
    services.billing_account_for(org=org)  # free: 50 a month, warn under 5

    services.credits_charge(org=org, amount=40, reason="a")  # 10 left
    services.credits_charge(org=org, amount=6, reason="b")  # 4 left: crosses
    services.credits_charge(org=org, amount=1, reason="c")  # 3 left: already low

    assert Notification.objects.filter(kind="credits.low").count() == 2  # owner and admin
    assert set(Notification.objects.values_list("user", flat=True)) == {owner.pk, admin.pk}


def test_verify_command_reports_drift(org, capsys):
    services.credits_grant(org=org, amount=10, reason="x")
    call_command("verify_credit_ledgers")
    assert "0 with drift" in capsys.readouterr().out

    BillingAccount.objects.filter(organization=org).update(credit_balance=999)

    with pytest.raises(CommandError):
        call_command("verify_credit_ledgers")
    assert ledger_drift(org=org) == 999 - 60


def test_monthly_grant_is_once_per_month(org):
    from datetime import date

    services.billing_account_for(org=org)
    services.credits_monthly_grant(org=org, month=date(2031, 1, 1))
    services.credits_monthly_grant(org=org, month=date(2031, 1, 15))

    assert balance(org) == 100


def test_the_sweep_grants_each_org_once(org, other_org):
    services.credits_monthly_grant_sweep()
    services.credits_monthly_grant_sweep()

    assert balance(org) == balance(other_org) == 50


@pytest.mark.django_db(transaction=True)
def test_concurrent_charges_never_overspend_or_lose_a_charge(org):
    """8 threads, 80 charges of 7 against 500 credits, on PostgreSQL: exactly 71 succeed."""
    assert connection.vendor == "postgresql"
    services.billing_account_for(org=org)
    services.credits_grant(org=org, amount=450, reason="seed")  # 500 in all
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(8)

    def spend(worker: int) -> None:
        start.wait()
        try:
            for i in range(10):
                try:
                    services.credits_charge(
                        org=org, amount=7, reason="burst", idempotency_key=f"w{worker}-{i}"
                    )
                    result = "ok"
                except PaymentRequiredError:
                    result = "short"
                with lock:
                    outcomes[result] += 1
        finally:
            close_old_connections()

    threads = [threading.Thread(target=spend, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert outcomes == {"ok": 71, "short": 9}
    assert balance(org) == 500 - 71 * 7 == 3
    assert ledger_drift(org=org) == 0
    balances = sorted(
        CreditTransaction.objects.filter(kind="charge").values_list("balance_after", flat=True)
    )
    assert balances == list(range(3, 500, 7))  # every intermediate balance exactly once


@pytest.mark.django_db(transaction=True)
def test_concurrent_replays_of_one_key_charge_once(org):
    services.billing_account_for(org=org)
    start = threading.Barrier(8)
    rows: list[int] = []

    def replay() -> None:
        start.wait()
        try:
            rows.append(
                services.credits_charge(org=org, amount=5, reason="same", idempotency_key="k").pk
            )
        finally:
            close_old_connections()

    threads = [threading.Thread(target=replay) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert len(set(rows)) == 1
    assert balance(org) == 45
