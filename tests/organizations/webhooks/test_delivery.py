"""Delivering the outbox to a real HTTP receiver on loopback: signing, retries, limits."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.utils import timezone

from organizations.models import (
    AuditEvent,
    Notification,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from organizations.webhooks import delivery as http_delivery
from organizations.webhooks import services
from organizations.webhooks.services import webhook_delivery_attempt
from organizations.webhooks.signing import webhook_signature_verify
from tests.organizations.webhooks.conftest import Reply, make_due, outbox_row, queue_delivery

pytestmark = pytest.mark.django_db


def test_a_delivery_is_a_signed_json_post_the_receiver_can_verify(org, endpoint, receiver):
    delivery = queue_delivery(org, endpoint, "post.published", {"post_id": 42, "url": "u"})

    result = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert result.status == "succeeded"
    [request] = receiver.requests
    assert request.signature_ok is True  # checked by the receiver, with the published helper
    assert request.path == "/hooks/herald"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["User-Agent"] == "Herald-Webhooks/1.0"
    assert request.headers["Herald-Event"] == "post.published"
    assert request.headers["Herald-Delivery"] == str(delivery.event_id)
    assert request.headers["Herald-Signature"].startswith("t=")
    body = json.loads(request.body)
    assert body == {
        "id": str(delivery.event_id),
        "type": "post.published",
        "created": body["created"],
        "organization": "acme",
        "data": {"post_id": 42, "url": "u"},
    }
    assert result.delivered_at is not None
    assert result.attempts == 1
    assert result.last_status_code == 200
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert (attempt.status_code, attempt.response_excerpt, attempt.error) == (200, "ok", "")


def test_the_receiver_rejects_a_tampered_body_with_the_same_signature(org, endpoint, receiver):
    delivery = queue_delivery(org, endpoint)
    webhook_delivery_attempt(delivery_id=delivery.pk)
    original = receiver.requests[0]
    tampered = original.body.replace(b'"post_id":1', b'"post_id":2')
    assert tampered != original.body

    request = urllib.request.Request(  # a forger replays the signature on another body
        receiver.url,
        data=tampered,
        headers={
            "Content-Type": "application/json",
            "Herald-Signature": original.headers["Herald-Signature"],
        },
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(request, timeout=5)  # the loopback receiver

    assert excinfo.value.code == 400
    assert receiver.requests[1].signature_ok is False
    assert not webhook_signature_verify(
        tampered, original.headers["Herald-Signature"], endpoint.secret
    )


def test_a_rotated_secret_signs_the_next_delivery(org, admin, endpoint, receiver):
    old_secret = endpoint.secret
    services.webhook_endpoint_rotate_secret(org=org, actor=admin, endpoint=endpoint)
    receiver.secret = WebhookEndpoint.objects.get(pk=endpoint.pk).secret
    assert receiver.secret != old_secret

    webhook_delivery_attempt(delivery_id=queue_delivery(org, endpoint).pk)

    [request] = receiver.requests
    assert request.signature_ok is True
    assert not webhook_signature_verify(
        request.body, request.headers["Herald-Signature"], old_secret
    )


def test_failures_are_retried_with_backoff_until_the_receiver_answers(org, endpoint, receiver):
    receiver.script(Reply(500, b"boom"), Reply(503, b"busy"), Reply(204, b""))
    delivery = queue_delivery(org, endpoint)

    first = webhook_delivery_attempt(delivery_id=delivery.pk)
    assert first.status == "pending"
    assert first.last_status_code == 500
    wait = first.next_attempt_at - first.last_attempt_at
    assert timedelta(seconds=59) <= wait <= timedelta(seconds=61)
    assert webhook_delivery_attempt(delivery_id=delivery.pk) is None  # not due yet: no request
    assert len(receiver.requests) == 1
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).consecutive_failures == 1

    make_due(delivery)
    second = webhook_delivery_attempt(delivery_id=delivery.pk)
    assert second.status == "pending"
    wait = second.next_attempt_at - second.last_attempt_at
    assert timedelta(minutes=4, seconds=59) <= wait <= timedelta(minutes=5, seconds=1)
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).consecutive_failures == 2

    make_due(delivery)
    third = webhook_delivery_attempt(delivery_id=delivery.pk)
    assert third.status == "succeeded"
    assert third.attempts == 3
    assert third.last_error == ""
    assert len(receiver.requests) == 3
    assert [r.signature_ok for r in receiver.requests] == [True, True, True]
    assert len({r.headers["Herald-Delivery"] for r in receiver.requests}) == 1
    log = list(WebhookAttempt.objects.filter(delivery=delivery).order_by("id"))
    assert [a.status_code for a in log] == [500, 503, 204]
    assert log[0].response_excerpt == "boom"
    assert log[0].error.startswith("HTTP 500")
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).consecutive_failures == 0


def test_the_backoff_schedule_grows_and_ends():
    delays = [services.retry_delay(n) for n in range(1, services.MAX_ATTEMPTS + 1)]

    assert delays[:5] == [
        timedelta(minutes=1),
        timedelta(minutes=5),
        timedelta(minutes=30),
        timedelta(hours=2),
        timedelta(hours=6),
    ]
    assert delays[-1] is None
    assert services.MAX_ATTEMPTS == 8


def test_the_last_attempt_failing_fails_the_delivery(org, endpoint, receiver):
    receiver.script(Reply(500))
    delivery = queue_delivery(org, endpoint)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=services.MAX_ATTEMPTS - 1)

    result = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert result.status == "failed"
    assert result.attempts == services.MAX_ATTEMPTS
    make_due(delivery)
    assert webhook_delivery_attempt(delivery_id=delivery.pk) is None


def test_a_slow_receiver_times_out_and_the_attempt_is_recorded(
    org, endpoint, receiver, monkeypatch
):
    monkeypatch.setattr(http_delivery, "TOTAL_TIMEOUT", 0.5)
    receiver.script(Reply(200, delay=2.0))
    delivery = queue_delivery(org, endpoint)

    started = time.monotonic()
    result = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert time.monotonic() - started < 1.5
    assert result.status == "pending"
    assert result.last_status_code is None
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.status_code is None
    assert attempt.error.startswith("Timed out")
    assert 400 <= attempt.duration_ms < 1500


def test_a_receiver_trickling_its_answer_is_cut_off_at_the_total_timeout(
    org, endpoint, receiver, monkeypatch
):
    monkeypatch.setattr(http_delivery, "TOTAL_TIMEOUT", 0.6)
    receiver.script(Reply(200, trickle=True))  # a byte every 0.2 s: each read is "fast"
    delivery = queue_delivery(org, endpoint)

    started = time.monotonic()
    result = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert time.monotonic() - started < 2
    assert result.status == "pending"
    assert WebhookAttempt.objects.get(delivery=delivery).error.startswith("Timed out")


def test_a_refused_connection_is_a_failed_attempt(org, admin, receiver):
    closed_port_url = receiver.url
    receiver.server.shutdown()
    receiver.server.server_close()  # nothing listens there any more
    endpoint = services.webhook_endpoint_create(org=org, actor=admin, url=closed_port_url)
    delivery = queue_delivery(org, endpoint)

    result = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert result.status == "pending"
    assert result.last_error == "Connection refused."


def test_redirects_are_not_followed(org, endpoint, receiver):
    receiver.script(Reply(302, b"", headers={"Location": "http://127.0.0.1:1/elsewhere"}))
    delivery = queue_delivery(org, endpoint)

    result = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert len(receiver.requests) == 1
    assert result.status == "pending"
    assert result.last_status_code == 302
    assert "redirects are not followed" in result.last_error


def test_only_the_first_500_characters_of_the_answer_are_kept(org, endpoint, receiver):
    receiver.script(Reply(500, b"e" * 5000))
    delivery = queue_delivery(org, endpoint)

    webhook_delivery_attempt(delivery_id=delivery.pk)

    assert WebhookAttempt.objects.get(delivery=delivery).response_excerpt == "e" * 500


def test_an_endpoint_failing_too_often_is_disabled_and_admins_are_told(
    org, owner, admin, member, endpoint, receiver
):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=services.DISABLE_AFTER_FAILURES - 1
    )
    receiver.script(Reply(500))
    delivery = queue_delivery(org, endpoint)

    webhook_delivery_attempt(delivery_id=delivery.pk)

    endpoint.refresh_from_db()
    assert endpoint.is_active is False
    assert endpoint.consecutive_failures == services.DISABLE_AFTER_FAILURES
    assert "15 failed deliveries in a row" in endpoint.disabled_reason
    notified = Notification.objects.for_org(org).filter(kind="webhook.disabled")
    assert {n.user_id for n in notified} == {owner.pk, admin.pk}  # admins and owners only
    assert all(endpoint.url in n.body for n in notified)
    assert notified[0].url == f"/app/acme/settings/webhooks/{endpoint.pk}/"
    assert AuditEvent.objects.filter(action="webhook.auto_disabled").count() == 1

    # The row waits while the endpoint is off: neither sent nor swept.
    make_due(delivery)
    assert webhook_delivery_attempt(delivery_id=delivery.pk) is None
    assert len(receiver.requests) == 1


def test_enabling_again_clears_the_count_and_the_waiting_rows_go_out(
    org, admin, endpoint, receiver, monkeypatch
):
    enqueued: list[int] = []
    monkeypatch.setattr(services, "_enqueue", enqueued.extend)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, consecutive_failures=15, disabled_reason="Disabled automatically."
    )
    waiting = outbox_row(org, endpoint)
    assert services.webhook_deliveries_dispatch_due() == 0

    endpoint.refresh_from_db()
    services.webhook_endpoint_set_active(org=org, actor=admin, endpoint=endpoint, active=True)

    endpoint.refresh_from_db()
    assert (endpoint.is_active, endpoint.consecutive_failures, endpoint.disabled_reason) == (
        True,
        0,
        "",
    )
    assert services.webhook_deliveries_dispatch_due() == 1
    assert enqueued == [waiting.pk]
    assert webhook_delivery_attempt(delivery_id=waiting.pk).status == "succeeded"


def test_the_same_row_is_sent_once_when_delivered_twice(org, endpoint, receiver):
    delivery = queue_delivery(org, endpoint)

    first = webhook_delivery_attempt(delivery_id=delivery.pk)
    second = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert first.status == "succeeded"
    assert second is None
    assert len(receiver.requests) == 1
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 1


def test_a_row_left_delivering_by_a_dead_worker_is_picked_up_again(
    org, endpoint, receiver, monkeypatch
):
    enqueued: list[int] = []
    monkeypatch.setattr(services, "_enqueue", enqueued.extend)
    delivery = queue_delivery(org, endpoint)
    fresh = queue_delivery(org, endpoint)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status="delivering", attempts=1, last_attempt_at=timezone.now() - timedelta(minutes=10)
    )
    WebhookDelivery.objects.filter(pk=fresh.pk).update(
        status="delivering", attempts=1, last_attempt_at=timezone.now() - timedelta(seconds=20)
    )

    assert services.webhook_deliveries_dispatch_due() == 1

    assert enqueued == [delivery.pk]
    assert WebhookDelivery.objects.get(pk=fresh.pk).status == "delivering"  # still in flight
    result = webhook_delivery_attempt(delivery_id=delivery.pk)
    assert result.status == "succeeded"
    assert result.attempts == 2


def test_the_sweep_enqueues_due_rows_of_active_endpoints_only(
    org, admin, endpoint, receiver, monkeypatch
):
    enqueued: list[int] = []
    monkeypatch.setattr(services, "_enqueue", enqueued.extend)
    due = outbox_row(org, endpoint)
    outbox_row(org, endpoint, next_attempt_at=timezone.now() + timedelta(minutes=5))
    outbox_row(org, endpoint, status="succeeded")
    other = services.webhook_endpoint_create(org=org, actor=admin, url=receiver.url + "/2")
    held = outbox_row(org, other)
    services.webhook_endpoint_set_active(org=org, actor=admin, endpoint=other, active=False)

    assert services.webhook_deliveries_dispatch_due() == 1
    assert enqueued == [due.pk]
    assert held.pk not in enqueued


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_the_same_row_at_once_send_it_once(org, admin, receiver):
    """Two threads, two PostgreSQL connections, one row: the conditional UPDATE lets one in."""
    from django.db import connection

    endpoint = WebhookEndpoint.objects.create(
        organization=org, url=receiver.url, secret="whsec_concurrency"
    )
    receiver.secret = "whsec_concurrency"
    receiver.script(Reply(200, delay=0.3))
    delivery = WebhookDelivery.objects.create(
        organization=org,
        endpoint=endpoint,
        event_type="post.published",
        payload={"type": "post.published"},
        next_attempt_at=timezone.now(),
    )
    start = threading.Barrier(2)
    results: list[object] = []

    def worker() -> None:
        try:
            start.wait()
            results.append(webhook_delivery_attempt(delivery_id=delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert len(receiver.requests) == 1
    assert sorted(r is None for r in results) == [False, True]
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 1
    assert WebhookDelivery.objects.get(pk=delivery.pk).status == "succeeded"
