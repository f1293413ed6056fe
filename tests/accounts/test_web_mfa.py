"""Two-factor (TOTP) through allauth's pages: enabling it makes login ask for the code."""

import pytest
from allauth.mfa.models import Authenticator

from organizations.models import AuditEvent
from tests.accounts.helpers import totp_now
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita(db):
    return UserFactory(email="rita@example.com", name="Rita")


def log_in(client):
    return client.post(
        "/accounts/login/", {"login": "rita@example.com", "password": DEFAULT_PASSWORD}
    )


def reauthenticate(client) -> None:
    """Security changes ask for the password again (allauth's reauthentication)."""
    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"].startswith("/accounts/reauthenticate/")
    response = client.post(asked["Location"], {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content[:2000]


def enable_totp(client) -> str:
    """Activate an authenticator app the way a person does; returns its secret."""
    reauthenticate(client)
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page
    secret = client.session["mfa.totp.secret"]
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_now(secret)})
    assert response.status_code == 302, response.content[:2000]
    return secret


def test_enabling_totp_then_login_requires_the_code(client, rita):
    # given
    log_in(client)
    secret = enable_totp(client)
    client.post("/accounts/logout/")

    # when: the password alone
    after_password = log_in(client)

    # then: a second step, not signed in yet
    assert after_password.status_code == 302
    assert after_password["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session

    # when: a wrong code
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "12345"})

    # then
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    # when: the right one
    right = client.post("/accounts/2fa/authenticate/", {"code": totp_now(secret)})

    # then
    assert right.status_code == 302
    assert right["Location"] == "/app/"
    assert int(client.session["_auth_user_id"]) == rita.pk


def test_enabling_and_disabling_are_audited_and_the_secret_is_encrypted(
    client, rita, django_capture_on_commit_callbacks
):
    # given
    log_in(client)

    # when: allauth announces the new authenticator once its transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        secret = enable_totp(client)

    # then
    totp = Authenticator.objects.get(user=rita, type=Authenticator.Type.TOTP)
    assert secret not in str(totp.data)
    assert (
        AuditEvent.objects.filter(actor=rita, organization=None, action="auth.mfa_enabled").count()
        == 1
    )
    assert Authenticator.objects.filter(user=rita, type=Authenticator.Type.RECOVERY_CODES).exists()

    # when
    response = client.post("/accounts/2fa/totp/deactivate/")

    # then
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=rita).exists()
    assert AuditEvent.objects.filter(actor=rita, action="auth.mfa_disabled").count() == 1


def test_a_recovery_code_also_passes_the_second_step(client, rita):
    # given
    log_in(client)
    enable_totp(client)
    codes = (
        Authenticator.objects.get(user=rita, type=Authenticator.Type.RECOVERY_CODES)
        .wrap()
        .get_unused_codes()
    )
    client.post("/accounts/logout/")
    log_in(client)

    # when
    response = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})

    # then
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == rita.pk


def test_two_factor_pages_render_in_the_account_layout(client, rita):
    # given
    log_in(client)

    # when
    index = client.get("/accounts/2fa/")
    reauthenticate(client)
    activate = client.get("/accounts/2fa/totp/activate/")

    # then
    assert index.status_code == 200
    assert b"Account &amp; security" in index.content
    assert activate.status_code == 200
    assert b"data:image/svg+xml" in activate.content
