"""Canary tasks: liveness measured as a round trip through each queue, not a process check.

Beat runs `herald.send_canaries` every minute on `default`; it sends one `canary_pong` to
each queue, and the worker that consumes the queue records when it arrived. `/health/`
reads the last round trip and its lag.
"""

from __future__ import annotations

from celery import Task, shared_task

from config import health


@shared_task(name="herald.send_canaries", soft_time_limit=20, time_limit=30)
def send_canaries() -> None:
    health.canaries_send()


@shared_task(name="herald.canary_pong", bind=True, soft_time_limit=10, time_limit=20)
def canary_pong(self: Task, queue: str, sent_at: float) -> None:
    delivered_via = (self.request.delivery_info or {}).get("routing_key") or queue
    health.canary_record(queue=delivered_via, sent_at=sent_at)
