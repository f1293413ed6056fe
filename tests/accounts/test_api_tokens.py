"""JWT sign-in, rotation, logout, lockout and two-factor on /api/v1/auth/token/..."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from organizations.models import AuditEvent
from tests.accounts.helpers import error_code, totp_now
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"


@pytest.fixture
def rita(db):
    return UserFactory(email="rita@example.com", name="Rita")


def obtain(api_client, email="rita@example.com", password=DEFAULT_PASSWORD, **extra):
    return api_client.post(TOKEN, {"email": email, "password": password, **extra})


def test_email_and_password_give_a_token_pair_and_record_the_sign_in(api_client, rita):
    # when
    response = obtain(api_client, email="RITA@example.com")

    # then
    assert response.status_code == 200, response.content
    assert set(response.json()) == {"access", "refresh"}
    rita.refresh_from_db()
    assert rita.last_login is not None
    event = AuditEvent.objects.get(actor=rita, organization=None, action="auth.login")
    assert event.metadata["channel"] == "api"


def test_a_wrong_password_is_401_with_the_error_shape_and_is_audited(api_client, rita):
    # when
    response = obtain(api_client, password="Wrong-Password1")

    # then
    assert response.status_code == 401
    assert error_code(response) == "invalid_credentials"
    assert response.json()["request_id"] == response["X-Request-ID"]
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.actor == rita
    assert failed.organization is None
    assert failed.metadata["channel"] == "api"


def test_an_unknown_email_is_the_same_401(api_client, db):
    response = obtain(api_client, email="nobody@example.com")

    assert response.status_code == 401
    assert error_code(response) == "invalid_credentials"


def test_an_inactive_user_cannot_sign_in(api_client, rita):
    rita.is_active = False
    rita.save()

    response = obtain(api_client)

    assert response.status_code == 401
    assert error_code(response) == "account_inactive"


def test_refresh_rotates_and_the_used_refresh_token_is_rejected_afterwards(api_client, rita):
    # given
    first = obtain(api_client).json()

    # when
    rotated = api_client.post(REFRESH, {"refresh": first["refresh"]})
    replay = api_client.post(REFRESH, {"refresh": first["refresh"]})

    # then
    assert rotated.status_code == 200, rotated.content
    assert rotated.json()["refresh"] != first["refresh"]
    assert replay.status_code == 401
    assert error_code(replay) == "token_not_valid"
    assert api_client.post(REFRESH, {"refresh": rotated.json()["refresh"]}).status_code == 200


def test_refresh_with_garbage_is_401(api_client, db):
    response = api_client.post(REFRESH, {"refresh": "not-a-token"})

    assert response.status_code == 401
    assert error_code(response) == "token_not_valid"


def test_logout_blacklists_the_refresh_token(api_client, rita):
    # given
    tokens = obtain(api_client).json()

    # when
    response = api_client.post(LOGOUT, {"refresh": tokens["refresh"]})

    # then
    assert response.status_code == 204
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}).status_code == 401
    assert api_client.post(LOGOUT, {"refresh": tokens["refresh"]}).status_code == 401


def test_api_failures_count_toward_the_shared_lockout(api_client, rita):
    # given: five wrong passwords within five minutes (ACCOUNT_RATE_LIMITS "5/5m/key")
    for _ in range(5):
        assert obtain(api_client, password="Wrong-Password1").status_code == 401

    # when: even the right password
    response = obtain(api_client)

    # then
    assert response.status_code == 429
    assert error_code(response) == "too_many_login_attempts"
    assert int(response["Retry-After"]) >= 60


def test_api_failures_also_lock_the_web_login(api_client, client, rita):
    # given
    for _ in range(5):
        obtain(api_client, password="Wrong-Password1")

    # when
    response = client.post(
        "/accounts/login/", {"login": "rita@example.com", "password": DEFAULT_PASSWORD}
    )

    # then
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_with_two_factor_on_the_code_is_required(api_client, rita):
    # given
    secret = generate_totp_secret()
    TOTP.activate(rita, secret)

    # when
    without = obtain(api_client)
    wrong = obtain(api_client, otp_code="000000" if totp_now(secret) != "000000" else "111111")
    right = obtain(api_client, otp_code=totp_now(secret))

    # then
    assert without.status_code == 401
    assert error_code(without) == "mfa_required"
    assert wrong.status_code == 401
    assert error_code(wrong) == "mfa_code_invalid"
    assert right.status_code == 200, right.content


def test_a_code_is_not_accepted_twice(api_client, rita):
    # given
    secret = generate_totp_secret()
    TOTP.activate(rita, secret)
    code = totp_now(secret)
    assert obtain(api_client, otp_code=code).status_code == 200

    # when
    replay = obtain(api_client, otp_code=code)

    # then
    assert replay.status_code == 401
