"""The webhook settings pages: admins manage, members and viewers get 403, outsiders 404."""

from __future__ import annotations

import pytest

from organizations.models import WebhookDelivery, WebhookEndpoint
from organizations.webhooks import services
from organizations.webhooks.services import webhook_endpoint_create
from tests.organizations.webhooks.conftest import outbox_row

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/in"
BASE = "/app/acme/settings/webhooks/"


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda ids: None)


@pytest.fixture
def hook(org, owner):
    return webhook_endpoint_create(org=org, actor=owner, url=URL, description="CRM sync")


def _pages(hook):
    return [BASE, f"{BASE}{hook.pk}/", f"{BASE}{hook.pk}/deliveries/"]


def test_admins_see_the_pages(client, admin, hook, org):
    outbox_row(org, hook, status="failed", last_error="HTTP 500: nope")
    client.force_login(admin)

    listing = client.get(BASE)
    detail = client.get(f"{BASE}{hook.pk}/")
    log = client.get(f"{BASE}{hook.pk}/deliveries/", headers={"HX-Request": "true"})

    assert listing.status_code == 200
    assert URL in listing.content.decode()
    assert "Add endpoint" in listing.content.decode()
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Delivery log" in page
    assert "HTTP 500: nope" in page
    assert hook.secret not in page  # not revealed unless asked
    assert log.status_code == 200
    assert log.content.decode().lstrip().startswith('<div id="webhook-deliveries"')


@pytest.mark.parametrize("who", ["member", "viewer"])
def test_members_and_viewers_get_403(client, request, who, hook):
    client.force_login(request.getfixturevalue(who))

    for path in _pages(hook):
        assert client.get(path).status_code == 403
    assert client.post(BASE, {"url": URL}).status_code == 403
    assert client.post(f"{BASE}{hook.pk}/rotate/").status_code == 403
    assert WebhookEndpoint.objects.count() == 1


def test_outsiders_get_404(client, outsider, hook):
    client.force_login(outsider)

    for path in _pages(hook):
        assert client.get(path).status_code == 404


def test_another_orgs_endpoint_is_404_in_my_org(client, admin, other_org, outsider):
    theirs = webhook_endpoint_create(org=other_org, actor=outsider, url=URL)
    client.force_login(admin)

    assert client.get(f"{BASE}{theirs.pk}/").status_code == 404
    assert client.post(f"{BASE}{theirs.pk}/secret/").status_code == 404
    assert client.post(f"{BASE}{theirs.pk}/delete/").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=theirs.pk).exists()


def test_adding_an_endpoint_shows_its_secret_once(client, admin):
    client.force_login(admin)

    response = client.post(
        BASE,
        {"url": URL, "description": "CRM", "events": ["post.published", "post.failed"]},
    )

    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{endpoint.pk}/"
    assert endpoint.events == ["post.published", "post.failed"]
    first = client.get(response["Location"]).content.decode()
    assert endpoint.secret in first
    again = client.get(response["Location"]).content.decode()
    assert endpoint.secret not in again


def test_a_refused_url_shows_the_reason_on_the_form(client, admin, settings):
    settings.HERALD_WEBHOOKS_ALLOW_PRIVATE = False
    client.force_login(admin)

    response = client.post(BASE, {"url": "http://169.254.169.254/latest/"})

    assert response.status_code == 400
    assert "link-local" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_revealing_and_rotating_the_secret(client, admin, hook):
    client.force_login(admin)

    revealed = client.post(f"{BASE}{hook.pk}/secret/", headers={"HX-Request": "true"})
    assert revealed.status_code == 200
    assert hook.secret in revealed.content.decode()

    rotated = client.post(f"{BASE}{hook.pk}/rotate/")
    assert rotated.status_code == 302
    new_secret = WebhookEndpoint.objects.get(pk=hook.pk).secret
    assert new_secret != hook.secret
    assert new_secret in client.get(rotated["Location"]).content.decode()


def test_editing_an_endpoint(client, admin, hook):
    client.force_login(admin)

    response = client.post(
        f"{BASE}{hook.pk}/", {"url": URL + "/v2", "description": "", "events": ["credits.low"]}
    )

    assert response.status_code == 302
    hook.refresh_from_db()
    assert (hook.url, hook.description, hook.events) == (URL + "/v2", "", ["credits.low"])


def test_ping_disable_enable_retry_and_delete(client, admin, org, hook):
    client.force_login(admin)

    pinged = client.post(f"{BASE}{hook.pk}/ping/", headers={"HX-Request": "true"})
    assert pinged.status_code == 200
    assert "ping" in pinged.content.decode()
    assert WebhookDelivery.objects.filter(endpoint=hook, event_type="ping").count() == 1

    client.post(f"{BASE}{hook.pk}/active/", {"active": "0"})
    assert WebhookEndpoint.objects.get(pk=hook.pk).is_active is False
    client.post(f"{BASE}{hook.pk}/active/", {"active": "1"})
    assert WebhookEndpoint.objects.get(pk=hook.pk).is_active is True

    failed = outbox_row(org, hook, status="failed", attempts=8)
    retried = client.post(f"{BASE}{hook.pk}/deliveries/{failed.pk}/retry/")
    assert retried.status_code == 302
    assert WebhookDelivery.objects.get(pk=failed.pk).status == "pending"

    deleted = client.post(f"{BASE}{hook.pk}/delete/")
    assert deleted.status_code == 302
    assert deleted["Location"] == BASE
    assert not WebhookEndpoint.objects.filter(pk=hook.pk).exists()


def test_post_only_actions_refuse_get(client, admin, hook):
    client.force_login(admin)

    for action in ("secret", "rotate", "ping", "active", "delete"):
        assert client.get(f"{BASE}{hook.pk}/{action}/").status_code == 405
