"""Staff admin for webhooks: secrets never shown, a retry action that calls the service."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from organizations.models import WebhookDelivery, WebhookEndpoint
from organizations.webhooks import services
from organizations.webhooks.admin import WebhookDeliveryAdmin, WebhookEndpointAdmin
from tests.organizations.webhooks.conftest import outbox_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_request(django_user_model):
    staff = django_user_model.objects.create_superuser(email="staff@herald.test", password="x")
    request = RequestFactory().post("/admin/")
    request.user = staff
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_the_endpoint_admin_never_shows_the_secret(staff_request, org, owner):
    endpoint = services.webhook_endpoint_create(org=org, actor=owner, url="https://h.example/x")
    model_admin = WebhookEndpointAdmin(WebhookEndpoint, admin.site)

    form = model_admin.get_form(staff_request, endpoint)

    assert "secret" not in model_admin.get_fields(staff_request, endpoint)
    assert "secret" not in form.base_fields
    assert not model_admin.has_add_permission(staff_request)


def test_the_retry_action_requeues_failed_deliveries_only(staff_request, org, owner, monkeypatch):
    monkeypatch.setattr(services, "_enqueue", lambda ids: None)
    endpoint = services.webhook_endpoint_create(org=org, actor=owner, url="https://h.example/x")
    failed = outbox_row(org, endpoint, status="failed", attempts=8)
    succeeded = outbox_row(org, endpoint, status="succeeded")
    model_admin = WebhookDeliveryAdmin(WebhookDelivery, admin.site)

    model_admin.retry_failed(
        staff_request, WebhookDelivery.objects.filter(pk__in=[failed.pk, succeeded.pk])
    )

    assert WebhookDelivery.objects.get(pk=failed.pk).status == "pending"
    assert WebhookDelivery.objects.get(pk=succeeded.pk).status == "succeeded"
    texts = [str(m) for m in staff_request._messages]
    assert texts == [
        "1 delivery(ies) queued again.",
        "1 skipped: only failed deliveries of enabled endpoints can be retried.",
    ]


def test_the_delivery_admin_lists_with_filters(staff_request):
    model_admin = WebhookDeliveryAdmin(WebhookDelivery, admin.site)

    assert {"status", "event_type", "organization"} <= set(model_admin.list_filter)
    assert model_admin.inlines


def test_the_admin_querysets_load_without_decrypting_secrets(staff_request, org, owner):
    endpoint = services.webhook_endpoint_create(org=org, actor=owner, url="https://h.example/x")
    outbox_row(org, endpoint)
    delivery_admin = WebhookDeliveryAdmin(WebhookDelivery, admin.site)
    endpoint_admin = WebhookEndpointAdmin(WebhookEndpoint, admin.site)

    [row] = delivery_admin.get_queryset(staff_request).select_related("organization", "endpoint")
    [listed] = endpoint_admin.get_queryset(staff_request)

    assert delivery_admin.endpoint_url(row) == "https://h.example/x"
    assert "secret" in row.endpoint.get_deferred_fields()
    assert "secret" in listed.get_deferred_fields()


def test_admin_actions_enable_and_disable_through_the_service(staff_request, org, owner):
    from organizations.models import AuditEvent

    endpoint = services.webhook_endpoint_create(org=org, actor=owner, url="https://h.example/x")
    model_admin = WebhookEndpointAdmin(WebhookEndpoint, admin.site)

    model_admin.disable(staff_request, WebhookEndpoint.objects.filter(pk=endpoint.pk))
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).is_active is False
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=9)
    model_admin.enable(staff_request, WebhookEndpoint.objects.filter(pk=endpoint.pk))

    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures) == (True, 0)
    assert (
        AuditEvent.objects.filter(action__in=["webhook.enabled", "webhook.disabled"]).count() == 2
    )
