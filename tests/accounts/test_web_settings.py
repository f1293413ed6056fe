"""/app/account/: profile, sign-in and security, notification emails, security activity."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.models import NotificationPreference
from organizations.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/app/account/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def rita(db):
    return UserFactory(email="rita@example.com", name="Rita", timezone="UTC")


@pytest.fixture
def signed_in(client, rita):
    client.force_login(rita)
    return client


def test_requires_sign_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_shows_profile_security_workspaces_and_recent_events(signed_in, rita, org):
    # given
    from organizations.models import Membership, Role

    Membership.objects.create(organization=org, user=rita, role=Role.ADMIN)
    audit_record(org=None, actor=rita, action="auth.login", metadata={"channel": "web"})
    audit_record(org=org, actor=rita, action="org.updated")  # an org event: not shown here

    # when
    response = signed_in.get(URL)

    # then
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Profile",
        "rita@example.com",
        "Verified",
        "Two-factor authentication",
        "/accounts/2fa/",
        "/accounts/password/change/",
        "Acme Marketing",
        "Notification emails",
        "Signed in",
    ):
        assert text in html, text
    assert "org.updated" not in html


def test_profile_update_saves_name_timezone_and_avatar(signed_in, rita, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path

    # when
    response = signed_in.post(
        "/app/account/profile/",
        {
            "name": "Rita Ora",
            "timezone": "America/New_York",
            "avatar": SimpleUploadedFile("me.png", PNG, content_type="image/png"),
        },
    )

    # then
    assert response.status_code == 302
    rita.refresh_from_db()
    assert (rita.name, rita.timezone) == ("Rita Ora", "America/New_York")
    assert rita.avatar.name.endswith(".png")
    assert b"Your profile is saved." in signed_in.get(URL).content


def test_profile_errors_are_shown_on_the_form(signed_in, rita):
    # when
    response = signed_in.post(
        "/app/account/profile/",
        {
            "name": "Rita",
            "timezone": "UTC",
            "avatar": SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png"),
        },
    )

    # then
    assert response.status_code == 400
    assert b"not the image type it claims" in response.content
    rita.refresh_from_db()
    assert not rita.avatar


def test_notification_email_preferences(signed_in, rita):
    # when
    response = signed_in.post(
        "/app/account/notifications/", {"email_kinds": ["credits.low", "post.failed"]}
    )

    # then
    assert response.status_code == 302
    prefs = dict(NotificationPreference.objects.filter(user=rita).values_list("kind", "email"))
    assert prefs == {
        "member.joined": False,
        "credits.low": True,
        "post.failed": True,
        "webhook.disabled": False,
    }
    page = signed_in.get(URL).content.decode()
    assert 'value="credits.low"' in page
    assert page.count("checked") == 2


def test_unknown_notification_kind_is_refused(signed_in, rita):
    response = signed_in.post("/app/account/notifications/", {"email_kinds": ["nope"]})

    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=rita).exists()
