"""Every API error has one shape and an X-Request-ID, whatever the status."""

import pytest
from django.test import Client, override_settings
from rest_framework.settings import api_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "request_id"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert body["request_id"] == response["X-Request-ID"]
    return body


def test_400_names_the_field_and_says_a_sentence(client):
    response = client.post(
        "/api/v1/_test/echo/",
        {"email": "not-an-email", "count": 3},
        content_type="application/json",
    )

    body = assert_error(response, 400, "validation_error")
    assert body["error"]["fields"] == {"email": ["Enter a valid email address."]}
    assert body["error"]["message"] == "email: Enter a valid email address."


def test_400_on_malformed_json(client):
    response = client.post("/api/v1/_test/echo/", "{not json", content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_401_without_credentials(client):
    response = client.get("/api/v1/_test/staff/")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_401_with_a_bad_bearer_token(client):
    response = client.get("/api/v1/_test/staff/", HTTP_AUTHORIZATION="Bearer not-a-jwt")

    assert_error(response, 401, "token_not_valid")


def test_403_for_a_signed_in_user_without_the_role(client, django_user_model):
    user = django_user_model.objects.create_user(email="member@example.com", password="Passw0rd!")
    client.force_login(user)

    assert_error(client.get("/api/v1/_test/staff/"), 403, "permission_denied")


def test_404_for_an_unknown_api_path(client):
    assert_error(client.get("/api/v1/no-such-thing/"), 404, "not_found")


def test_404_web_pages_stay_html(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_405_for_an_unsupported_method(client):
    body = assert_error(client.delete("/api/v1/"), 405, "method_not_allowed")

    assert "DELETE" in body["error"]["message"]


def test_domain_errors_keep_their_code_and_status(client):
    body = assert_error(client.get("/api/v1/_test/domain/payment/"), 402, "payment_required")
    assert "5 posts" in body["error"]["message"]

    assert_error(client.get("/api/v1/_test/domain/conflict/"), 409, "post_publishing")


def test_429_with_retry_after(client):
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/min"}
    with override_settings(
        REST_FRAMEWORK={**api_settings.user_settings, "DEFAULT_THROTTLE_RATES": rates}
    ):
        assert client.get("/api/v1/").status_code == 200
        assert client.get("/api/v1/").status_code == 200
        response = client.get("/api/v1/")

    body = assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0
    assert "Try again in" in body["error"]["message"]


def test_500_has_the_shape_and_hides_the_details():
    client = Client(raise_request_exception=False)

    body = assert_error(client.get("/api/v1/_test/boom/"), 500, "server_error")

    assert "kaboom" not in str(body)


def test_request_id_is_echoed_when_sane_and_replaced_when_not(client):
    echoed = client.get("/api/v1/", HTTP_X_REQUEST_ID="trace-1234abcd")
    replaced = client.get("/api/v1/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    generated = client.get("/")

    assert echoed["X-Request-ID"] == "trace-1234abcd"
    assert replaced["X-Request-ID"] != "<script>alert(1)</script>"
    assert len(replaced["X-Request-ID"]) == 32
    assert len(generated["X-Request-ID"]) == 32
