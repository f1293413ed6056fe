"""Thin webhook tasks: ids in, one service call.

Retries are not Celery retries: a failed attempt puts the row back in the outbox with its
next attempt time, and the minute sweep (`organizations.deliver_webhooks`) sends it then.
"""

from __future__ import annotations

from celery import shared_task

from organizations.webhooks import services


@shared_task(
    name="organizations.deliver_webhook",
    acks_late=True,
    soft_time_limit=45,
    time_limit=60,
)
def deliver_webhook(delivery_id: int) -> None:
    services.webhook_delivery_attempt(delivery_id=delivery_id)


@shared_task(
    name="organizations.deliver_webhooks",
    acks_late=True,
    soft_time_limit=45,
    time_limit=60,
)
def deliver_webhooks() -> int:
    return services.webhook_deliveries_dispatch_due()


@shared_task(
    name="organizations.prune_webhook_deliveries",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def prune_webhook_deliveries() -> int:
    return services.webhook_deliveries_prune()
