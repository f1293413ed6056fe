import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from config.management.commands.seed_demo import DEMO_USERS

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_its_printed_credentials_work(
    client, django_user_model, capsys
):
    call_command("seed_demo")
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert django_user_model.objects.count() == len(DEMO_USERS)
    for email, password, _, staff in DEMO_USERS:
        assert f"{email} / {password}" in out
        user = django_user_model.objects.get(email=email)
        assert user.is_staff is staff
        assert user.is_superuser is staff
        assert EmailAddress.objects.get(user=user).verified
        assert client.login(email=email, password=password)

    demo = django_user_model.objects.get(email="demo@herald.localhost")
    (membership,) = demo.memberships.select_related("organization")
    assert membership.role == "owner"
    assert membership.organization.slug == "northwind"
    account = membership.organization.billing_account
    assert (account.plan.code, account.credit_balance) == ("pro", 50 + 3500)
