"""Reads for outgoing webhooks. Every selector takes the org it reads within."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery

from config.errors import NotFoundError
from organizations.models import Organization, WebhookDelivery, WebhookEndpoint
from organizations.webhooks.events import EVENT_TYPES


def webhook_event_catalog() -> dict[str, str]:
    return dict(EVENT_TYPES)


def webhook_endpoint_list(*, org: Organization) -> QuerySet[WebhookEndpoint]:
    """Endpoints, newest first, with their latest delivery's status and time (no secrets)."""
    latest = (
        WebhookDelivery.objects.for_org(org)
        .filter(endpoint=OuterRef("pk"))
        .order_by("-created_at", "-id")
    )
    return (
        WebhookEndpoint.objects.for_org(org)
        .defer("secret")
        .annotate(
            last_delivery_status=Subquery(latest.values("status")[:1]),
            last_delivery_at=Subquery(latest.values("created_at")[:1]),
        )
        .order_by("-created_at", "-id")
    )


def webhook_endpoint_get(*, org: Organization, endpoint_id: int) -> WebhookEndpoint:
    endpoint = WebhookEndpoint.objects.for_org(org).filter(pk=endpoint_id).first()
    if endpoint is None:
        raise NotFoundError("No such webhook endpoint.")
    return endpoint


def webhook_delivery_list(
    *,
    org: Organization,
    endpoint: WebhookEndpoint,
    status: str | None = None,
    event_type: str | None = None,
) -> QuerySet[WebhookDelivery]:
    """An endpoint's deliveries, newest first; filter by status and event type."""
    qs = WebhookDelivery.objects.for_org(org).filter(endpoint_id=endpoint.pk)
    if status:
        qs = qs.filter(status=status)
    if event_type:
        qs = qs.filter(event_type=event_type)
    return qs.order_by("-created_at", "-id")


def webhook_delivery_get(
    *, org: Organization, endpoint: WebhookEndpoint, delivery_id: int
) -> WebhookDelivery:
    """One delivery of this endpoint, with its attempts prefetched (newest first)."""
    delivery = (
        WebhookDelivery.objects.for_org(org)
        .filter(endpoint_id=endpoint.pk, pk=delivery_id)
        .prefetch_related("attempt_log")
        .first()
    )
    if delivery is None:
        raise NotFoundError("No such delivery.")
    return delivery
