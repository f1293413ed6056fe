"""Sign-up on the web (allauth): verification email, personal org, invitations."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from organizations.models import AuditEvent, Membership, Role
from organizations.services import invitation_create
from tests.accounts.helpers import STRONG_PASSWORD, link_in

pytestmark = pytest.mark.django_db

SIGNUP = "/accounts/signup/"


@pytest.fixture
def mandatory_verification(settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"


def sign_up(client, email="rita@example.com", name="Rita Ora", password=STRONG_PASSWORD):
    return client.post(
        SIGNUP, {"name": name, "email": email, "password1": password, "password2": password}
    )


def test_the_sign_up_page_asks_for_a_name_first(client):
    response = client.get(SIGNUP)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('name="name"') < html.index('name="email"') < html.index('name="password1"')


def test_sign_up_sends_a_verification_email_whose_link_verifies_and_signs_in(
    client, mandatory_verification
):
    # when
    response = sign_up(client)

    # then: not signed in yet, told to check the inbox
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    user = User.objects.get(email="rita@example.com")
    assert user.name == "Rita Ora"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita@example.com"]
    assert message.subject.startswith("[Herald]")

    # when: the link from the email is opened and confirmed
    link = link_in(message.body, "/accounts/confirm-email/")
    page = client.get(link)
    confirmed = client.post(link)

    # then
    assert page.status_code == 200
    assert b"Confirm and continue" in page.content
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert int(client.session["_auth_user_id"]) == user.pk


def test_sign_up_creates_the_personal_org_owned_by_the_new_user(client):
    # when
    sign_up(client)

    # then
    user = User.objects.get(email="rita@example.com")
    membership = Membership.objects.select_related("organization").get(user=user)
    assert membership.role == Role.OWNER
    assert membership.organization.is_personal
    assert membership.organization.name == "Rita Ora's workspace"
    assert AuditEvent.objects.filter(actor=user, action="auth.signed_up").exists()


def test_a_weak_password_is_refused_on_the_form(client):
    response = sign_up(client, password="weakpassword")

    assert response.status_code == 200
    assert b"upper-case" in response.content
    assert not User.objects.filter(email="rita@example.com").exists()


def test_unverified_users_cannot_log_in_when_verification_is_mandatory(
    client, mandatory_verification
):
    # given
    sign_up(client)
    client.logout()
    mail.outbox.clear()

    # when
    response = client.post(
        "/accounts/login/", {"login": "rita@example.com", "password": STRONG_PASSWORD}
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


@pytest.fixture
def invitation(org, owner):
    _, token = invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="new@example.com", role=Role.MEMBER
    )
    return token


def test_signing_up_through_an_invitation_joins_that_org_and_lands_there(
    client, org, invitation, mandatory_verification
):
    # given: the invitation page stored the token and sent the visitor to sign up
    session = client.session
    session["invitation_token"] = invitation
    session.save()
    form = client.get(SIGNUP)

    # when
    response = sign_up(client, email="new@example.com", name="Nia New")

    # then: the invitation link proved the address, so no verification round-trip
    assert b'value="new@example.com"' in form.content
    assert response.status_code == 302
    assert response["Location"] == f"/app/{org.slug}/"
    user = User.objects.get(email="new@example.com")
    assert EmailAddress.objects.get(user=user).verified
    assert Membership.objects.get(organization=org, user=user).role == Role.MEMBER
    assert Membership.objects.filter(user=user, organization__is_personal=True).exists()
    assert "invitation_token" not in client.session


def test_an_invitation_for_another_address_is_not_accepted_and_says_why(client, org, invitation):
    # given
    session = client.session
    session["invitation_token"] = invitation
    session.save()

    # when
    response = sign_up(client, email="someone.else@example.com", name="Sam")
    landing = client.get(response["Location"], follow=True)

    # then
    user = User.objects.get(email="someone.else@example.com")
    assert not Membership.objects.filter(organization=org, user=user).exists()
    assert Membership.objects.filter(user=user, organization__is_personal=True).exists()
    assert b"the invitation failed" in landing.content
    assert b"new@example.com" in landing.content


def test_social_login_is_offered_only_when_configured(client, settings):
    # given: no keys
    settings.SOCIALACCOUNT_PROVIDERS = {}
    without = client.get("/accounts/login/")

    # when: Google's keys are configured
    settings.SOCIALACCOUNT_PROVIDERS = {
        "google": {"APP": {"client_id": "id-123", "secret": "s3cret", "key": ""}}
    }
    with_google = client.get("/accounts/login/")

    # then
    assert b"/accounts/google/login/" not in without.content
    assert b"/accounts/google/login/" in with_google.content
    assert b"/accounts/github/login/" not in with_google.content
