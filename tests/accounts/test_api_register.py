"""POST /api/v1/auth/register/: an account, its personal organization, tokens, a welcome email."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from organizations.models import AuditEvent, Membership, Role
from tests.accounts.helpers import STRONG_PASSWORD, error_code, link_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/register/"


def test_register_creates_the_user_their_personal_org_and_signs_them_in(api_client):
    # when
    response = api_client.post(
        URL, {"email": "Rita@Example.com", "password": STRONG_PASSWORD, "name": "Rita Ora"}
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["user"]["email"] == "rita@example.com"
    assert body["user"]["name"] == "Rita Ora"
    assert body["user"]["email_verified"] is False
    assert body["access"]
    assert body["refresh"]
    user = User.objects.get(email="rita@example.com")
    assert user.check_password(STRONG_PASSWORD)
    membership = Membership.objects.select_related("organization").get(user=user)
    assert membership.role == Role.OWNER
    assert membership.organization.is_personal
    assert membership.organization.name == "Rita Ora's workspace"
    assert AuditEvent.objects.filter(
        actor=user, organization=None, action="auth.signed_up"
    ).exists()


def test_register_emails_a_verification_link_that_verifies(api_client, client):
    # given
    api_client.post(URL, {"email": "sam@example.com", "password": STRONG_PASSWORD, "name": "Sam"})

    # when
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0].body, "/accounts/confirm-email/")
    response = client.post(link)

    # then
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="sam@example.com").verified


def test_the_access_token_works_at_once(api_client):
    # given
    body = api_client.post(
        URL, {"email": "ana@example.com", "password": STRONG_PASSWORD, "name": "Ana"}
    ).json()

    # when
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    response = api_client.get("/api/v1/auth/me/")

    # then
    assert response.status_code == 200
    assert response.json()["email"] == "ana@example.com"


@pytest.mark.parametrize(
    "password", ["short1A", "alllowercase1", "ALLUPPERCASE1", "NoDigitsHere", "Password1"]
)
def test_weak_passwords_are_rejected_naming_the_field(api_client, password):
    # when
    response = api_client.post(
        URL, {"email": "weak@example.com", "password": password, "name": "Weak"}
    )

    # then
    assert response.status_code == 400, response.content
    assert error_code(response) == "validation_error"
    assert "password" in response.json()["error"]["fields"]
    assert not User.objects.filter(email="weak@example.com").exists()


def test_a_taken_email_is_rejected_whatever_its_case(api_client):
    # given
    UserFactory(email="taken@example.com")

    # when
    response = api_client.post(
        URL, {"email": "TAKEN@example.com", "password": STRONG_PASSWORD, "name": "Again"}
    )

    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["email"]
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_missing_fields_and_bad_timezone_are_named(api_client):
    # when
    response = api_client.post(
        URL,
        {
            "email": "tz@example.com",
            "password": STRONG_PASSWORD,
            "name": "T",
            "timezone": "Mars/Base",
        },
    )
    missing = api_client.post(URL, {"email": "nobody@example.com"})

    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["timezone"]
    assert set(missing.json()["error"]["fields"]) == {"password", "name"}


def test_where_verification_is_mandatory_the_api_waits_for_it(api_client, settings):
    from allauth.account.models import EmailAddress
    from django.core import mail

    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    credentials = {"email": "wait@example.com", "password": "Herald2026x"}

    registered = api_client.post(
        "/api/v1/auth/register/", {**credentials, "name": "Wes"}, format="json"
    )
    refused = api_client.post("/api/v1/auth/token/", credentials, format="json")
    EmailAddress.objects.filter(email="wait@example.com").update(verified=True)
    allowed = api_client.post("/api/v1/auth/token/", credentials, format="json")

    assert registered.status_code == 201
    assert registered.json()["verification_required"] is True
    assert registered.json()["access"] is None
    assert len(mail.outbox) == 1
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "email_unverified"
    assert allowed.status_code == 200
    assert allowed.json()["access"]
