"""The webhooks API: roles, tenancy, shapes, pagination cost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from organizations.webhooks import services
from organizations.webhooks.services import webhook_endpoint_create
from tests.organizations.webhooks.conftest import outbox_row

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/in"
BASE = "/api/v1/orgs/acme/webhooks/"


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda ids: None)


@pytest.fixture
def hook(org, owner):
    return webhook_endpoint_create(org=org, actor=owner, url=URL, description="CRM")


@pytest.fixture
def failed(org, hook):
    return outbox_row(org, hook, status="failed", attempts=8, last_error="HTTP 500")


def _routes(hook, failed):
    e, d = hook.pk, failed.pk
    return [
        ("get", BASE, None, 200),
        ("post", BASE, {"url": URL + "/new"}, 201),
        ("get", f"{BASE}{e}/", None, 200),
        ("patch", f"{BASE}{e}/", {"description": "changed"}, 200),
        ("post", f"{BASE}{e}/rotate-secret/", None, 200),
        ("post", f"{BASE}{e}/reveal-secret/", None, 200),
        ("post", f"{BASE}{e}/ping/", None, 202),
        ("get", f"{BASE}{e}/deliveries/", None, 200),
        ("get", f"{BASE}{e}/deliveries/{d}/", None, 200),
        ("post", f"{BASE}{e}/deliveries/{d}/retry/", None, 202),
        ("delete", f"{BASE}{e}/", None, 204),
    ]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("owner", True), ("admin", True), ("member", False), ("viewer", False)],
)
def test_admins_manage_webhooks_and_members_and_viewers_get_403(
    who, allowed, request, api_as, hook, failed
):
    client = api_as(request.getfixturevalue(who))

    for method, path, body, ok_status in _routes(hook, failed):
        response = getattr(client, method)(path, body, format="json")
        expected = ok_status if allowed else 403
        assert response.status_code == expected, (method, path, response.json())
        if not allowed:
            assert response.json()["error"]["code"] == "role_required"


def test_an_outsider_gets_404_everywhere(api_as, outsider, hook, failed):
    client = api_as(outsider)

    for method, path, body, _ in _routes(hook, failed):
        assert getattr(client, method)(path, body, format="json").status_code == 404


def test_another_orgs_endpoint_and_delivery_ids_answer_404(
    api_as, admin, other_org, outsider, hook
):
    theirs = webhook_endpoint_create(org=other_org, actor=outsider, url=URL)
    their_delivery = outbox_row(other_org, theirs, status="failed")
    mine = outbox_row(hook.organization, hook, status="failed")
    client = api_as(admin)
    e, d = theirs.pk, their_delivery.pk

    for method, path in [
        ("get", f"{BASE}{e}/"),
        ("patch", f"{BASE}{e}/"),
        ("delete", f"{BASE}{e}/"),
        ("post", f"{BASE}{e}/rotate-secret/"),
        ("post", f"{BASE}{e}/reveal-secret/"),
        ("post", f"{BASE}{e}/ping/"),
        ("get", f"{BASE}{e}/deliveries/"),
        ("get", f"{BASE}{e}/deliveries/{d}/"),
        ("post", f"{BASE}{e}/deliveries/{d}/retry/"),
        ("get", f"{BASE}{hook.pk}/deliveries/{d}/"),  # my endpoint, their delivery
        ("post", f"{BASE}{hook.pk}/deliveries/{d}/retry/"),
    ]:
        response = getattr(client, method)(path, {}, format="json")
        assert response.status_code == 404, (method, path)
    assert client.get(f"{BASE}{hook.pk}/deliveries/{mine.pk}/").status_code == 200
    assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()


def test_create_answers_the_secret_once_and_reads_never_do(api_as, admin):
    client = api_as(admin)

    created = client.post(
        BASE,
        {"url": URL, "description": "CRM", "events": ["post.published", "credits.low"]},
        format="json",
    )

    assert created.status_code == 201
    body = created.json()
    assert body["secret"].startswith("whsec_")
    assert body["events"] == ["post.published", "credits.low"]
    assert body["is_active"] is True
    detail = client.get(f"{BASE}{body['id']}/").json()
    assert "secret" not in detail
    listed = client.get(BASE).json()
    assert listed["count"] == 1
    assert "secret" not in listed["results"][0]
    assert listed["results"][0]["last_delivery_status"] is None


def test_invalid_input_answers_400_with_fields(api_as, admin, settings):
    client = api_as(admin)

    unknown = client.post(BASE, {"url": URL, "events": ["post.exploded"]}, format="json")
    assert unknown.status_code == 400
    assert "events" in unknown.json()["error"]["fields"]

    settings.HERALD_WEBHOOKS_ALLOW_PRIVATE = False
    private = client.post(BASE, {"url": "http://10.0.0.1/hook"}, format="json")
    assert private.status_code == 400
    assert private.json()["error"]["code"] == "validation_error"
    assert "private address" in private.json()["error"]["fields"]["url"][0]


def test_rotate_returns_a_new_secret(api_as, admin, hook):
    response = api_as(admin).post(f"{BASE}{hook.pk}/rotate-secret/")

    assert response.status_code == 200
    assert response.json()["secret"] != hook.secret
    assert response.json()["secret"] == WebhookEndpoint.objects.get(pk=hook.pk).secret


def test_patch_disables_and_enables(api_as, admin, hook):
    client = api_as(admin)

    off = client.patch(f"{BASE}{hook.pk}/", {"is_active": False}, format="json").json()
    assert (off["is_active"], off["disabled_reason"]) == (False, "Disabled by Adam Admin.")
    assert client.post(f"{BASE}{hook.pk}/ping/").status_code == 409

    on = client.patch(f"{BASE}{hook.pk}/", {"is_active": True}, format="json").json()
    assert (on["is_active"], on["disabled_reason"]) == (True, "")


def test_ping_answers_202_with_the_queued_delivery(api_as, admin, hook):
    response = api_as(admin).post(f"{BASE}{hook.pk}/ping/")

    assert response.status_code == 202
    assert response.json()["event_type"] == "ping"
    assert response.json()["status"] == "pending"


def test_the_delivery_log_pages_by_cursor_at_a_constant_query_count(api_as, admin, org, hook):
    client = api_as(admin)
    for _ in range(3):
        outbox_row(org, hook)
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{BASE}{hook.pk}/deliveries/").status_code == 200
    for _ in range(30):
        outbox_row(org, hook)

    with CaptureQueriesContext(connection) as many:
        page = client.get(f"{BASE}{hook.pk}/deliveries/?page_size=20").json()

    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(page["results"]) == 20
    assert page["next"]
    rest = client.get(page["next"]).json()
    assert len(rest["results"]) == 13
    ids = [r["id"] for r in page["results"] + rest["results"]]
    assert ids == sorted(ids, reverse=True)


def test_the_delivery_log_filters_by_status_and_event(api_as, admin, org, hook, failed):
    outbox_row(org, hook, event_type="credits.low")
    client = api_as(admin)

    by_status = client.get(f"{BASE}{hook.pk}/deliveries/?status=failed").json()["results"]
    by_event = client.get(f"{BASE}{hook.pk}/deliveries/?event_type=credits.low").json()

    assert [r["id"] for r in by_status] == [failed.pk]
    assert [r["event_type"] for r in by_event["results"]] == ["credits.low"]


def test_a_delivery_shows_its_payload_and_attempts(api_as, admin, org, hook, failed):
    WebhookAttempt.objects.create(
        organization=org, delivery=failed, status_code=500, response_excerpt="boom", duration_ms=12
    )

    body = api_as(admin).get(f"{BASE}{hook.pk}/deliveries/{failed.pk}/").json()

    assert body["payload"] == failed.payload
    assert body["attempt_log"][0]["status_code"] == 500
    assert body["attempt_log"][0]["response_excerpt"] == "boom"


def test_retrying_a_delivery_that_did_not_fail_is_a_conflict(api_as, admin, org, hook, failed):
    client = api_as(admin)
    pending = outbox_row(org, hook)

    assert client.post(f"{BASE}{hook.pk}/deliveries/{pending.pk}/retry/").status_code == 409
    retried = client.post(f"{BASE}{hook.pk}/deliveries/{failed.pk}/retry/")
    assert retried.status_code == 202
    assert WebhookDelivery.objects.get(pk=failed.pk).status == "pending"


def test_an_admin_api_key_may_manage_webhooks_and_a_member_key_may_not(api_client, org, owner):
    from organizations.services import api_key_create

    admin_key = api_key_create(org=org, actor=owner, name="ops", role="admin")[1]
    member_key = api_key_create(org=org, actor=owner, name="zap", role="member")[1]

    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {admin_key}")
    assert api_client.post(BASE, {"url": URL}, format="json").status_code == 201
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {member_key}")
    assert api_client.get(BASE).status_code == 403
