"""Thin tasks: ids in, one service call."""

from __future__ import annotations

from celery import shared_task

from organizations import emails
from organizations.webhooks.tasks import (  # noqa: F401 - registered for Celery's autodiscovery
    deliver_webhook,
    deliver_webhooks,
    prune_webhook_deliveries,
)


@shared_task(
    name="organizations.invitation_send_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
)
def invitation_send_email(invitation_id: int, token: str) -> None:
    emails.invitation_send(invitation_id=invitation_id, token=token)


@shared_task(
    name="organizations.notification_send_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
    soft_time_limit=30,
    time_limit=60,
)
def notification_send_email(notification_id: int) -> None:
    emails.notification_send(notification_id=notification_id)
