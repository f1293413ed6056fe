"""POST /api/v1/auth/password/: current + new password; every refresh token is revoked."""

import pytest

from organizations.models import AuditEvent
from tests.accounts.helpers import STRONG_PASSWORD
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/auth/password/"
REFRESH = "/api/v1/auth/token/refresh/"


@pytest.fixture
def rita(db):
    return UserFactory(email="rita@example.com")


def sign_in(client, password=DEFAULT_PASSWORD):
    return client.post(
        "/api/v1/auth/token/", {"email": "rita@example.com", "password": password}
    ).json()


def test_change_password_revokes_old_refresh_tokens_and_returns_a_new_pair(api_client, rita):
    # given: two API sessions
    laptop = sign_in(api_client)
    phone = sign_in(api_client)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {laptop['access']}")

    # when
    response = api_client.post(
        URL, {"current_password": DEFAULT_PASSWORD, "new_password": STRONG_PASSWORD}
    )

    # then
    assert response.status_code == 200, response.content
    rita.refresh_from_db()
    assert rita.check_password(STRONG_PASSWORD)
    api_client.credentials()
    for old in (laptop, phone):
        replay = api_client.post(REFRESH, {"refresh": old["refresh"]})
        assert replay.status_code == 401, replay.content
    new = response.json()
    assert api_client.post(REFRESH, {"refresh": new["refresh"]}).status_code == 200
    assert AuditEvent.objects.filter(
        actor=rita, organization=None, action="auth.password_changed"
    ).exists()
    assert sign_in(api_client, STRONG_PASSWORD)["access"]


def test_a_wrong_current_password_is_400_on_that_field(api_as, rita):
    response = api_as(rita).post(
        URL, {"current_password": "Not-It-123", "new_password": STRONG_PASSWORD}
    )

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["current_password"]
    rita.refresh_from_db()
    assert rita.check_password(DEFAULT_PASSWORD)


@pytest.mark.parametrize("weak", ["short1A", "nouppercase1", "NoDigitsAtAll"])
def test_the_password_rules_apply_to_the_new_password(api_as, rita, weak):
    response = api_as(rita).post(URL, {"current_password": DEFAULT_PASSWORD, "new_password": weak})

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["new_password"]


def test_requires_sign_in(api_client, db):
    assert api_client.post(URL, {}).status_code == 401
