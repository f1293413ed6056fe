"""The canary goes through a real Celery worker process on the Redis broker, every queue."""

import time

import pytest

from config import health

pytestmark = pytest.mark.worker


def test_each_queue_is_consumed_end_to_end(celery_worker, client):
    from django.core.cache import cache

    health.canaries_send()

    deadline = time.monotonic() + 30
    pending = {"default", "publish", "llm"}
    while pending and time.monotonic() < deadline:
        pending = {q for q in pending if cache.get(health.PONG_KEY.format(queue=q)) is None}
        time.sleep(0.2)
    assert not pending, f"no round trip through {pending}"

    checks = client.get("/health/").json()["checks"]
    for queue in ("default", "publish", "llm"):
        assert checks["queues"][queue]["status"] == "ok"
        assert checks["queues"][queue]["lag_ms"] < 30_000
        assert cache.get(health.PENDING_KEY.format(queue=queue)) is None


def test_the_beat_task_sends_canaries_through_the_worker(celery_worker):
    """`herald.send_canaries` is what beat enqueues; run it as beat would, via the broker."""
    from django.core.cache import cache

    from config.tasks import send_canaries

    send_canaries.apply_async(queue="default")

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and cache.get(health.PONG_KEY.format(queue="llm")) is None:
        time.sleep(0.2)
    assert cache.get(health.PONG_KEY.format(queue="llm")) is not None


def test_a_message_for_one_queue_is_consumed_from_that_queue_only(celery_worker):
    from django.core.cache import cache

    health.canaries_send(queues=("publish",))

    deadline = time.monotonic() + 30
    while (
        time.monotonic() < deadline and cache.get(health.PONG_KEY.format(queue="publish")) is None
    ):
        time.sleep(0.2)
    time.sleep(1.5)  # time enough for a wrongly routed copy to be consumed too

    assert cache.get(health.PONG_KEY.format(queue="publish")) is not None
    assert cache.get(health.PONG_KEY.format(queue="default")) is None
    assert cache.get(health.PONG_KEY.format(queue="llm")) is None
