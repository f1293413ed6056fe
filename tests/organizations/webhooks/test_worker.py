"""End to end through a real Celery worker process, delivering to a loopback receiver."""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from config import test_settings
from organizations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.organizations.webhooks.conftest import Reply, make_due, outbox_row

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(
        not getattr(test_settings, "HERALD_WEBHOOKS_ALLOW_PRIVATE", False),
        reason="the worker process needs HERALD_WEBHOOKS_ALLOW_PRIVATE = True in test settings",
    ),
]

SECRET = "whsec_worker_test"


def _wait_for_status(delivery_id: int, status: str, timeout: float = 30) -> WebhookDelivery:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery = WebhookDelivery.objects.get(pk=delivery_id)
        if delivery.status == status:
            return delivery
        time.sleep(0.1)
    raise AssertionError(f"delivery {delivery_id} is {delivery.status}, not {status}")


@pytest.fixture
def worker_endpoint(celery_worker, org, receiver):
    receiver.secret = SECRET
    return WebhookEndpoint.objects.create(organization=org, url=receiver.url, secret=SECRET)


def test_an_emitted_event_is_delivered_by_the_worker_after_commit(org, worker_endpoint, receiver):
    from organizations.webhooks.services import webhook_emit

    with transaction.atomic():
        assert webhook_emit(org=org, event_type="post.published", data={"post_id": 5}) == 1
        delivery = WebhookDelivery.objects.get(endpoint=worker_endpoint)

    [request] = receiver.wait_for(1)
    assert request.signature_ok is True
    assert request.headers["Herald-Event"] == "post.published"
    delivered = _wait_for_status(delivery.pk, "succeeded")
    assert delivered.attempts == 1
    assert WebhookAttempt.objects.filter(delivery=delivery).count() == 1


def test_the_beat_sweep_retries_through_the_worker(org, worker_endpoint, receiver):
    from organizations.webhooks.tasks import deliver_webhooks

    receiver.script(Reply(500, b"down for maintenance"))
    delivery = outbox_row(org, worker_endpoint, payload={"type": "credits.low", "data": {}})

    deliver_webhooks.apply_async()  # as beat sends it
    receiver.wait_for(1)
    deadline = time.monotonic() + 30
    while not WebhookAttempt.objects.filter(delivery=delivery).exists():
        assert time.monotonic() < deadline, "the failed attempt was never recorded"
        time.sleep(0.1)
    failed_once = WebhookDelivery.objects.get(pk=delivery.pk)
    assert (failed_once.status, failed_once.last_status_code) == ("pending", 500)

    make_due(delivery)
    deliver_webhooks.apply_async()

    assert len(receiver.wait_for(2)) == 2
    delivered = _wait_for_status(delivery.pk, "succeeded")
    assert delivered.attempts == 2
    assert all(r.signature_ok for r in receiver.requests)
