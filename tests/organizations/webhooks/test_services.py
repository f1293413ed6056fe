"""Endpoint management and the outbox writes (`webhook_emit`, ping, retry)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from config.errors import ConflictError, NotFoundError
from organizations.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from organizations.webhooks import services
from organizations.webhooks.services import (
    webhook_delivery_retry,
    webhook_emit,
    webhook_endpoint_create,
    webhook_endpoint_delete,
    webhook_endpoint_reveal_secret,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_update,
    webhook_ping,
)
from tests.organizations.webhooks.conftest import outbox_row

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.com/in"


def test_creating_an_endpoint_generates_an_encrypted_secret(org, admin):
    endpoint = webhook_endpoint_create(
        org=org,
        actor=admin,
        url=f"  {URL} ",
        description="CRM sync",
        events=["post.failed", "post.published", "post.failed"],
    )

    assert endpoint.url == URL
    assert endpoint.events == ["post.published", "post.failed"]  # catalog order, no duplicates
    assert endpoint.secret.startswith("whsec_")
    assert len(endpoint.secret) > 40
    stored = WebhookEndpoint.objects.filter(pk=endpoint.pk).values_list("secret", flat=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret FROM organizations_webhookendpoint WHERE id = %s", [endpoint.pk]
        )
        [raw] = cursor.fetchone()
    assert endpoint.secret not in raw  # encrypted at rest
    assert stored[0] == endpoint.secret  # and read back in clear
    assert AuditEvent.objects.filter(action="webhook.created", target_id=str(endpoint.pk)).exists()


def test_unknown_events_are_refused(org, admin):
    with pytest.raises(ValidationError) as excinfo:
        webhook_endpoint_create(org=org, actor=admin, url=URL, events=["post.published", "nope"])

    assert "nope" in excinfo.value.message_dict["events"][0]


def test_ping_may_be_subscribed_and_no_events_means_all(org, admin):
    assert webhook_endpoint_create(org=org, actor=admin, url=URL, events=["ping"]).events == [
        "ping"
    ]
    assert webhook_endpoint_create(org=org, actor=admin, url=URL).events == []


def test_an_empty_url_or_a_long_description_is_refused(org, admin):
    with pytest.raises(ValidationError):
        webhook_endpoint_create(org=org, actor=admin, url=" ")
    with pytest.raises(ValidationError):
        webhook_endpoint_create(org=org, actor=admin, url=URL, description="x" * 201)


def test_an_org_has_a_bounded_number_of_endpoints(org, admin, monkeypatch):
    monkeypatch.setattr(services, "MAX_ENDPOINTS_PER_ORG", 2)
    webhook_endpoint_create(org=org, actor=admin, url=URL)
    webhook_endpoint_create(org=org, actor=admin, url=URL)

    with pytest.raises(ConflictError):
        webhook_endpoint_create(org=org, actor=admin, url=URL)


def test_updating_changes_only_what_is_given(org, admin):
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL, description="a")

    webhook_endpoint_update(org=org, actor=admin, endpoint=endpoint, events=["credits.low"])

    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.description, endpoint.events) == (URL, "a", ["credits.low"])
    event = AuditEvent.objects.get(action="webhook.updated")
    assert event.metadata == {"fields": ["events"]}


def test_disabling_and_enabling_through_update(org, admin):
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL)

    webhook_endpoint_update(org=org, actor=admin, endpoint=endpoint, is_active=False)
    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert endpoint.disabled_reason == "Disabled by Adam Admin."

    webhook_endpoint_update(org=org, actor=admin, endpoint=endpoint, is_active=True)
    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.disabled_reason) == (True, "")


def test_rotating_replaces_the_secret_and_revealing_is_audited(org, admin):
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL)
    old = endpoint.secret

    webhook_endpoint_rotate_secret(org=org, actor=admin, endpoint=endpoint)

    fresh = WebhookEndpoint.objects.get(pk=endpoint.pk)
    assert fresh.secret != old
    assert fresh.secret.startswith("whsec_")
    assert webhook_endpoint_reveal_secret(org=org, actor=admin, endpoint=fresh) == fresh.secret
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"webhook.secret_rotated", "webhook.secret_revealed"} <= actions


def test_deleting_removes_the_endpoint_and_its_log(org, admin):
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL)
    outbox_row(org, endpoint)

    webhook_endpoint_delete(org=org, actor=admin, endpoint=endpoint)

    assert not WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()
    assert not WebhookDelivery.objects.filter(endpoint_id=endpoint.pk).exists()


def test_another_orgs_endpoint_is_not_found(org, admin, other_org, outsider):
    theirs = webhook_endpoint_create(org=other_org, actor=outsider, url=URL)

    for call in (
        lambda: webhook_endpoint_update(org=org, actor=admin, endpoint=theirs, description="x"),
        lambda: webhook_endpoint_rotate_secret(org=org, actor=admin, endpoint=theirs),
        lambda: webhook_endpoint_reveal_secret(org=org, actor=admin, endpoint=theirs),
        lambda: webhook_endpoint_delete(org=org, actor=admin, endpoint=theirs),
        lambda: webhook_ping(org=org, actor=admin, endpoint=theirs),
    ):
        with pytest.raises(NotFoundError):
            call()


# --- webhook_emit ----------------------------------------------------------------------


def test_emit_writes_one_row_per_active_subscribed_endpoint(
    org, admin, other_org, outsider, django_capture_on_commit_callbacks, monkeypatch
):
    enqueued: list[int] = []
    monkeypatch.setattr(services, "_enqueue", enqueued.extend)
    everything = webhook_endpoint_create(org=org, actor=admin, url=URL + "/all")
    subscribed = webhook_endpoint_create(
        org=org, actor=admin, url=URL + "/pub", events=["post.published", "post.failed"]
    )
    webhook_endpoint_create(org=org, actor=admin, url=URL + "/other", events=["credits.low"])
    disabled = webhook_endpoint_create(org=org, actor=admin, url=URL + "/off")
    webhook_endpoint_update(org=org, actor=admin, endpoint=disabled, is_active=False)
    webhook_endpoint_create(org=other_org, actor=outsider, url=URL + "/theirs")
    published_at = datetime.datetime(2025, 3, 1, 9, 30, tzinfo=datetime.UTC)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        count = webhook_emit(
            org=org,
            event_type="post.published",
            data={"post_id": 7, "published_at": published_at, "cost": Decimal("1.50")},
        )

    assert count == 2
    rows = list(WebhookDelivery.objects.across_orgs().order_by("endpoint_id"))
    assert [r.endpoint_id for r in rows] == [everything.pk, subscribed.pk]
    assert len({r.event_id for r in rows}) == 1  # one event, delivered to each endpoint
    row = rows[0]
    assert row.status == "pending"
    assert row.organization_id == org.pk
    assert row.payload == {
        "id": str(row.event_id),
        "type": "post.published",
        "created": row.payload["created"],
        "organization": "acme",
        "data": {"post_id": 7, "published_at": "2025-03-01T09:30:00Z", "cost": "1.50"},
    }
    assert datetime.datetime.fromisoformat(row.payload["created"])
    assert len(callbacks) == 1  # delivery is scheduled only once the caller commits
    assert sorted(enqueued) == sorted(r.pk for r in rows)


def test_emit_with_no_subscriber_writes_nothing(org, admin, django_capture_on_commit_callbacks):
    webhook_endpoint_create(org=org, actor=admin, url=URL, events=["credits.low"])

    with django_capture_on_commit_callbacks() as callbacks:
        assert webhook_emit(org=org, event_type="task.completed", data={}) == 0

    assert callbacks == []
    assert not WebhookDelivery.objects.exists()


def test_emit_refuses_an_event_outside_the_catalog(org):
    with pytest.raises(ValueError, match="Unknown webhook event type"):
        webhook_emit(org=org, event_type="post.exploded", data={})
    with pytest.raises(ValueError, match="Unknown webhook event type"):
        webhook_emit(org=org, event_type="ping", data={})


def test_emit_rolls_back_with_the_callers_transaction(org, admin):
    from django.db import transaction

    webhook_endpoint_create(org=org, actor=admin, url=URL)

    def callers_work_that_fails() -> None:
        with transaction.atomic():
            webhook_emit(org=org, event_type="credits.low", data={"balance": 3})
            raise RuntimeError("the caller's work failed")

    with pytest.raises(RuntimeError):
        callers_work_that_fails()

    assert not WebhookDelivery.objects.exists()


# --- Ping and retry ------------------------------------------------------------------------


def test_ping_queues_a_test_event_for_one_endpoint(
    org, admin, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services, "_enqueue", lambda ids: None)
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL, events=["credits.low"])
    webhook_endpoint_create(org=org, actor=admin, url=URL + "/2")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        delivery = webhook_ping(org=org, actor=admin, endpoint=endpoint)

    assert delivery.endpoint_id == endpoint.pk
    assert delivery.event_type == "ping"
    assert delivery.payload["data"]["endpoint_id"] == endpoint.pk
    assert WebhookDelivery.objects.count() == 1
    assert len(callbacks) == 1


def test_a_disabled_endpoint_cannot_be_pinged(org, admin):
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL)
    webhook_endpoint_update(org=org, actor=admin, endpoint=endpoint, is_active=False)

    with pytest.raises(ConflictError):
        webhook_ping(org=org, actor=admin, endpoint=endpoint)


def test_a_failed_delivery_can_be_retried_with_a_fresh_schedule(
    org, admin, django_capture_on_commit_callbacks, monkeypatch
):
    enqueued: list[int] = []
    monkeypatch.setattr(services, "_enqueue", enqueued.extend)
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL)
    failed = outbox_row(org, endpoint, status="failed", attempts=8, last_error="HTTP 500")

    with django_capture_on_commit_callbacks(execute=True):
        retried = webhook_delivery_retry(org=org, actor=admin, delivery=failed)

    assert (retried.status, retried.attempts, retried.last_error) == ("pending", 0, "")
    assert enqueued == [failed.pk]
    assert AuditEvent.objects.filter(action="webhook.delivery_retried").exists()


@pytest.mark.parametrize("status", ["pending", "delivering", "succeeded"])
def test_only_failed_deliveries_can_be_retried(org, admin, status):
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL)
    delivery = outbox_row(org, endpoint, status=status)

    with pytest.raises(ConflictError):
        webhook_delivery_retry(org=org, actor=admin, delivery=delivery)


def test_another_orgs_delivery_cannot_be_retried(org, admin, other_org, outsider):
    theirs = webhook_endpoint_create(org=other_org, actor=outsider, url=URL)
    delivery = outbox_row(other_org, theirs, status="failed", event_id=uuid.uuid4())

    with pytest.raises(NotFoundError):
        webhook_delivery_retry(org=org, actor=admin, delivery=delivery)


def test_pruning_drops_old_finished_deliveries_and_keeps_what_is_owed(org, admin):
    from datetime import timedelta

    from django.utils import timezone

    from organizations.models import WebhookAttempt
    from organizations.webhooks.services import webhook_deliveries_prune

    endpoint = webhook_endpoint_create(org=org, actor=admin, url=URL)
    old_done = outbox_row(org, endpoint, status="succeeded")
    old_failed = outbox_row(org, endpoint, status="failed")
    old_pending = outbox_row(org, endpoint, status="pending")
    recent_done = outbox_row(org, endpoint, status="succeeded")
    WebhookAttempt.objects.create(organization=org, delivery=old_done, status_code=200)
    WebhookDelivery.objects.filter(pk__in=[old_done.pk, old_failed.pk, old_pending.pk]).update(
        created_at=timezone.now() - timedelta(days=31)
    )

    assert webhook_deliveries_prune() == 2

    assert not WebhookAttempt.objects.exists()

    remaining = set(WebhookDelivery.objects.values_list("pk", flat=True))
    assert remaining == {old_pending.pk, recent_done.pk}
