"""Web login, lockout after repeated failures, logout, password change and reset."""

import pytest
from django.core import mail
from rest_framework_simplejwt.tokens import RefreshToken

from organizations.models import AuditEvent
from tests.accounts.helpers import STRONG_PASSWORD, link_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def rita(db):
    return UserFactory(email="rita@example.com", name="Rita")


def log_in(client, password=DEFAULT_PASSWORD, email="rita@example.com"):
    return client.post(LOGIN, {"login": email, "password": password})


def test_login_goes_to_the_app_and_is_audited(client, rita):
    # when
    response = log_in(client)

    # then
    assert response.status_code == 302
    assert response["Location"] == "/app/"
    assert int(client.session["_auth_user_id"]) == rita.pk
    event = AuditEvent.objects.get(actor=rita, organization=None, action="auth.login")
    assert event.metadata["channel"] == "web"


def test_a_wrong_password_is_refused_and_audited(client, rita):
    # when
    response = log_in(client, password="Wrong-Password1")

    # then
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert (failed.actor, failed.organization, failed.metadata["channel"]) == (rita, None, "web")
    assert "Wrong-Password1" not in str(failed.metadata)


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(client, rita):
    # given: five failures within five minutes
    for _ in range(5):
        assert b"Too many failed" not in log_in(client, password="Wrong-Password1").content

    # when
    response = log_in(client)

    # then
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_account_not_for_everyone(client, rita):
    # given
    other = UserFactory(email="other@example.com")
    for _ in range(5):
        log_in(client, password="Wrong-Password1")

    # when
    response = log_in(client, email="other@example.com")

    # then
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == other.pk


def test_the_lockout_lifts_after_the_window(client, rita, monkeypatch):
    # given
    import time as time_module

    for _ in range(5):
        log_in(client, password="Wrong-Password1")
    later = time_module.time() + 5 * 60 + 1

    # when
    monkeypatch.setattr("allauth.core.internal.ratelimit.time.time", lambda: later)
    response = log_in(client)

    # then
    assert response.status_code == 302


def test_logout_needs_a_post_and_confirms_on_get(client, rita):
    # given
    client.force_login(rita)

    # when
    page = client.get("/accounts/logout/")
    response = client.post("/accounts/logout/")

    # then
    assert page.status_code == 200
    assert b"Log out of Herald?" in page.content
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_web_password_change_is_audited_and_revokes_api_tokens(client, rita):
    # given
    refresh = RefreshToken.for_user(rita)
    log_in(client)

    # when
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": DEFAULT_PASSWORD,
            "password1": STRONG_PASSWORD,
            "password2": STRONG_PASSWORD,
        },
    )

    # then
    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.check_password(STRONG_PASSWORD)
    assert AuditEvent.objects.filter(actor=rita, action="auth.password_changed").exists()
    replay = client.post("/api/v1/auth/token/refresh/", {"refresh": str(refresh)})
    assert replay.status_code == 401


def test_password_reset_by_email_link(client, rita):
    # given
    client.post("/accounts/password/reset/", {"email": "rita@example.com"})
    link = link_in(mail.outbox[0].body, "/accounts/password/reset/key/")

    # when: the link redirects to a key-less URL that holds the key in the session
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    response = client.post(action, {"password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD})

    # then
    assert b"Choose a new password" in form_page.content
    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.check_password(STRONG_PASSWORD)
    assert AuditEvent.objects.filter(actor=rita, action="auth.password_reset").exists()


def test_public_auth_pages_render_with_herald_copy(client):
    for path, text in [
        ("/accounts/login/", b"Log in to Herald"),
        ("/accounts/signup/", b"Create your Herald account"),
        ("/accounts/password/reset/", b"Reset your password"),
        ("/accounts/password/reset/done/", b"Check your inbox"),
        ("/accounts/confirm-email/", b"Check your inbox"),
        ("/accounts/confirm-email/not-a-key/", b"expired or was already used"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert text in response.content, path


def test_email_change_takes_effect_once_the_new_address_is_confirmed(client, rita):
    # given
    client.force_login(rita)

    # when: a new address is requested
    response = client.post("/accounts/email/", {"action_add": "", "email": "rita@new.example"})

    # then: nothing changes until it is confirmed
    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.email == "rita@example.com"
    message = mail.outbox[-1]
    assert message.to == ["rita@new.example"]

    # when: the link sent to the new address is confirmed
    client.post(link_in(message.body, "/accounts/confirm-email/"))

    # then
    rita.refresh_from_db()
    assert rita.email == "rita@new.example"
    event = AuditEvent.objects.get(actor=rita, action="auth.email_changed")
    assert event.metadata["from"] == "rita@example.com"
    assert event.metadata["to"] == "rita@new.example"
