"""An admin sets up a webhook in a real browser and sends a test event to a loopback receiver."""

from __future__ import annotations

import pytest

from organizations.models import WebhookEndpoint
from organizations.webhooks import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, client, user, live_server) -> None:
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_add_an_endpoint_then_ping_it(
    page, live_server, client, admin, receiver, monkeypatch, artifacts_dir
):
    def deliver_now(ids):  # stands in for the worker: deliver as soon as the row commits
        for delivery_id in ids:
            services.webhook_delivery_attempt(delivery_id=delivery_id)

    monkeypatch.setattr(services, "_enqueue", deliver_now)
    _sign_in(page, client, admin, live_server)

    page.goto("/app/acme/settings/webhooks/")
    page.fill("input[name=url]", receiver.url)
    page.fill("input[name=description]", "CRM sync")
    page.check("input[value='post.published']")
    page.click("button:has-text('Add endpoint')")

    endpoint = WebhookEndpoint.objects.get()
    receiver.secret = endpoint.secret
    page.wait_for_url(f"**/settings/webhooks/{endpoint.pk}/")
    assert page.locator("[data-secret]").inner_text() == endpoint.secret

    page.click("button:has-text('Send test event')")
    row = page.locator("#webhook-deliveries tbody tr").first
    row.get_by_text("Succeeded").wait_for()
    assert row.get_by_text("ping").is_visible()
    page.screenshot(path=str(artifacts_dir / "webhook-detail.png"), full_page=True)
    [request] = receiver.requests
    assert request.signature_ok is True

    page.reload()
    assert page.locator("[data-secret]").count() == 0
    page.click("button:has-text('Reveal secret')")
    page.locator("[data-secret]").wait_for()
    assert page.locator("[data-secret]").inner_text() == endpoint.secret

    page.goto("/app/acme/settings/webhooks/")
    assert page.get_by_text("CRM sync").is_visible()
    page.screenshot(path=str(artifacts_dir / "webhook-list.png"), full_page=True)
