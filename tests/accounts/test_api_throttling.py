"""Auth endpoints are throttled per client address: 429 with Retry-After."""

import pytest

from tests.accounts.helpers import error_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth_rate_2_per_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "auth": "2/min",
        },
    }


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/auth/token/", {"email": "a@example.com", "password": "x"}),
        ("/api/v1/auth/register/", {"email": "bad"}),
        ("/api/v1/auth/token/refresh/", {"refresh": "x"}),
        ("/api/v1/auth/logout/", {"refresh": "x"}),
    ],
)
def test_the_third_request_in_a_minute_is_429_with_retry_after(
    api_client, auth_rate_2_per_minute, path, body
):
    # given
    for _ in range(2):
        assert api_client.post(path, body).status_code != 429

    # when
    response = api_client.post(path, body)

    # then
    assert response.status_code == 429
    assert error_code(response) == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60


def test_the_limit_is_per_client_address(api_client, auth_rate_2_per_minute):
    body = {"email": "a@example.com", "password": "x"}
    for _ in range(2):
        api_client.post("/api/v1/auth/token/", body, REMOTE_ADDR="10.0.0.1")

    response = api_client.post("/api/v1/auth/token/", body, REMOTE_ADDR="10.0.0.2")

    assert response.status_code == 401
