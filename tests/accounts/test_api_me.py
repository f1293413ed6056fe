"""GET/PATCH /api/v1/auth/me/: name, time zone and a checked avatar upload."""

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.services import AVATAR_MAX_BYTES
from organizations.services import api_key_create
from tests.accounts.helpers import error_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/me/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def rita(db):
    return UserFactory(email="rita@example.com", name="Rita", timezone="UTC")


def upload(content: bytes, name: str = "me.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_get_returns_the_signed_in_person(api_as, rita):
    response = api_as(rita).get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "id": rita.pk,
        "email": "rita@example.com",
        "name": "Rita",
        "timezone": "UTC",
        "avatar_url": None,
        "email_verified": True,
        "mfa_enabled": False,
        "date_joined": response.json()["date_joined"],
    }


def test_anonymous_is_401(api_client):
    response = api_client.get(URL)

    assert response.status_code == 401
    assert error_code(response) == "not_authenticated"


def test_an_org_api_key_is_not_a_person(api_client, org, owner):
    # given
    _, key = api_key_create(org=org, actor=owner, name="Zapier", role="admin")

    # when
    response = api_client.get(URL, HTTP_AUTHORIZATION=f"Api-Key {key}")

    # then
    assert response.status_code == 403
    assert error_code(response) == "user_token_required"


def test_patch_changes_name_and_timezone(api_as, rita):
    # when
    response = api_as(rita).patch(URL, {"name": "Rita Ora", "timezone": "Europe/Paris"})

    # then
    assert response.status_code == 200, response.content
    rita.refresh_from_db()
    assert (rita.name, rita.timezone) == ("Rita Ora", "Europe/Paris")
    assert response.json()["timezone"] == "Europe/Paris"


def test_an_unknown_timezone_is_400_naming_the_field(api_as, rita):
    # when
    response = api_as(rita).patch(URL, {"timezone": "Europe/Atlantis"})

    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["timezone"]
    rita.refresh_from_db()
    assert rita.timezone == "UTC"


def test_an_empty_name_is_400(api_as, rita):
    response = api_as(rita).patch(URL, {"name": "   "})

    assert response.status_code == 400
    assert "name" in response.json()["error"]["fields"]


def test_avatar_upload_is_stored_and_served_as_a_url(api_as, rita):
    # when
    response = api_as(rita).patch(URL, {"avatar": upload(PNG)}, format="multipart")

    # then
    assert response.status_code == 200, response.content
    rita.refresh_from_db()
    assert rita.avatar.name.startswith(f"avatars/{rita.pk}/")
    assert rita.avatar.name.endswith(".png")
    assert storages["default"].exists(rita.avatar.name)
    assert response.json()["avatar_url"].endswith(rita.avatar.name)


def test_replacing_and_removing_the_avatar_deletes_old_files(
    api_as, rita, django_capture_on_commit_callbacks
):
    # given
    client = api_as(rita)
    client.patch(URL, {"avatar": upload(PNG)}, format="multipart")
    rita.refresh_from_db()
    first = rita.avatar.name

    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.patch(URL, {"avatar": upload(JPEG, "me.jpg", "image/jpeg")}, format="multipart")
    rita.refresh_from_db()
    second = rita.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.patch(URL, {"remove_avatar": True})

    # then
    assert second.endswith(".jpg")
    assert not storages["default"].exists(first)
    assert not storages["default"].exists(second)
    assert removed.json()["avatar_url"] is None


@pytest.mark.parametrize(
    ("content", "content_type", "name"),
    [
        (b"%PDF-1.7 not an image", "application/pdf", "cv.pdf"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml", "x.svg"),
        (b"#!/bin/sh\necho hi" + b"\x00" * 32, "image/png", "fake.png"),
        (JPEG, "image/png", "liar.png"),
    ],
)
def test_avatar_type_is_checked_by_declared_type_and_content(
    api_as, rita, content, content_type, name
):
    # when
    response = api_as(rita).patch(
        URL, {"avatar": upload(content, name, content_type)}, format="multipart"
    )

    # then
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["avatar"]
    rita.refresh_from_db()
    assert not rita.avatar


def test_avatar_over_2_mb_is_rejected(api_as, rita):
    # given
    big = PNG + b"\x00" * (AVATAR_MAX_BYTES + 1 - len(PNG))

    # when
    response = api_as(rita).patch(URL, {"avatar": upload(big)}, format="multipart")

    # then
    assert response.status_code == 400
    assert "2 MB" in response.json()["error"]["fields"]["avatar"][0]


def test_avatar_of_exactly_2_mb_is_accepted(api_as, rita):
    exact = PNG + b"\x00" * (AVATAR_MAX_BYTES - len(PNG))

    response = api_as(rita).patch(URL, {"avatar": upload(exact)}, format="multipart")

    assert response.status_code == 200, response.content


def test_the_avatar_check_rewinds_so_the_whole_file_is_stored():
    # given
    from accounts.services import avatar_check

    # when
    checked = avatar_check(upload(PNG))

    # then
    assert checked.extension == "png"
    assert checked.upload.read() == PNG
