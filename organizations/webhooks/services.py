"""Writes for outgoing webhooks: endpoints, the delivery outbox and its delivery.

Other apps announce events with `webhook_emit(org=..., event_type=..., data=...)` inside their
own transaction. That writes one `WebhookDelivery` row (the outbox) per active endpoint that
subscribes to the event; once the transaction commits, each row is handed to the
`organizations.deliver_webhook` task, and the `organizations.deliver_webhooks` sweep (every
minute) picks up whatever is due again: retries, rows whose task was lost, rows of a worker
that died mid-attempt.

Delivering a row claims it with a conditional UPDATE (pending and due -> delivering), so two
workers never send the same attempt, and no transaction is open while the HTTP request runs.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from config.errors import ConflictError, NotFoundError
from organizations.models import (
    Organization,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from organizations.services import audit_record, notify_admins
from organizations.webhooks.delivery import (
    USER_AGENT,
    WebhookRequest,
    WebhookResponse,
    post_webhook,
)
from organizations.webhooks.events import EVENT_TYPES, PING
from organizations.webhooks.signing import SIGNATURE_HEADER, webhook_signature_header
from organizations.webhooks.ssrf import UnsafeUrlError, check_url

logger = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
MAX_ENDPOINTS_PER_ORG = 20
URL_MAX_LENGTH = 500
DESCRIPTION_MAX_LENGTH = 200
# Wait after the 1st, 2nd, ... failed attempt; the last entry ends the schedule.
RETRY_DELAYS: tuple[timedelta, ...] = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    timedelta(hours=12),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# Failed attempts in a row (across deliveries) after which an endpoint is switched off.
DISABLE_AFTER_FAILURES = 15
# A row left "delivering" this long belongs to a worker that died: it is attempted again.
STALE_DELIVERING_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500
# Finished deliveries (and their attempts) are kept this long for the delivery log.
DELIVERY_LOG_RETENTION = timedelta(days=30)


# --- Endpoints ----------------------------------------------------------------------


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _own(org: Organization, endpoint: WebhookEndpoint) -> None:
    if endpoint.organization_id != org.pk:
        raise NotFoundError("No such webhook endpoint.")


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise ValidationError({"url": "Enter the URL that receives the events."})
    if len(url) > URL_MAX_LENGTH:
        raise ValidationError({"url": f"Keep the URL under {URL_MAX_LENGTH} characters."})
    try:
        return check_url(url, resolve_host=False).url
    except UnsafeUrlError as exc:
        raise ValidationError({"url": str(exc)}) from None


def _clean_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {"description": f"Keep the description under {DESCRIPTION_MAX_LENGTH} characters."}
        )
    return description


def _clean_events(events: Iterable[str] | None) -> list[str]:
    """Known event types in catalog order, without duplicates; empty means every event."""
    chosen = {str(event).strip() for event in events or ()}
    unknown = sorted(chosen - set(EVENT_TYPES))
    if unknown:
        raise ValidationError(
            {
                "events": f"Unknown event type: {', '.join(unknown)}. "
                f"Choose from {', '.join(EVENT_TYPES)}."
            }
        )
    return [event for event in EVENT_TYPES if event in chosen]


@transaction.atomic
def webhook_endpoint_create(
    *,
    org: Organization,
    actor: User | None,
    url: str,
    description: str = "",
    events: Iterable[str] | None = None,
) -> WebhookEndpoint:
    """Register an endpoint with a new signing secret (readable as `endpoint.secret`)."""
    clean_url = _clean_url(url)
    clean_description = _clean_description(description)
    clean_events = _clean_events(events)
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # serialise the cap
    if WebhookEndpoint.objects.for_org(org).count() >= MAX_ENDPOINTS_PER_ORG:
        raise ConflictError(
            f"An organization can have at most {MAX_ENDPOINTS_PER_ORG} webhook endpoints; "
            "delete one you no longer use.",
            code="webhook_endpoint_limit",
        )
    endpoint = WebhookEndpoint.objects.create(
        organization=org,
        url=clean_url,
        description=clean_description,
        events=clean_events,
        secret=_new_secret(),
        created_by=actor,
    )
    audit_record(
        org=org,
        actor=actor,
        action="webhook.created",
        target=endpoint,
        target_label=clean_url,
        metadata={"events": clean_events},
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_update(
    *,
    org: Organization,
    actor: User | None,
    endpoint: WebhookEndpoint,
    url: str | None = None,
    description: str | None = None,
    events: Iterable[str] | None = None,
    is_active: bool | None = None,
) -> WebhookEndpoint:
    """Change what is given (None leaves a field as it is)."""
    _own(org, endpoint)
    changed: list[str] = []
    if url is not None:
        clean_url = _clean_url(url)
        if clean_url != endpoint.url:
            endpoint.url = clean_url
            changed.append("url")
    if description is not None:
        clean_description = _clean_description(description)
        if clean_description != endpoint.description:
            endpoint.description = clean_description
            changed.append("description")
    if events is not None:
        clean_events = _clean_events(events)
        if clean_events != list(endpoint.events or []):
            endpoint.events = clean_events
            changed.append("events")
    if changed:
        endpoint.save(update_fields=[*changed, "updated_at"])
        audit_record(
            org=org,
            actor=actor,
            action="webhook.updated",
            target=endpoint,
            target_label=endpoint.url,
            metadata={"fields": changed},
        )
    if is_active is not None and is_active != endpoint.is_active:
        endpoint = webhook_endpoint_set_active(
            org=org, actor=actor, endpoint=endpoint, active=is_active
        )
    return endpoint


@transaction.atomic
def webhook_endpoint_set_active(
    *, org: Organization, actor: User | None, endpoint: WebhookEndpoint, active: bool
) -> WebhookEndpoint:
    """Enable (clearing the failure count) or disable an endpoint.

    Deliveries of a disabled endpoint wait; they go out once it is enabled again.
    """
    _own(org, endpoint)
    if active == endpoint.is_active:
        return endpoint
    endpoint.is_active = active
    if active:
        endpoint.disabled_reason = ""
        endpoint.consecutive_failures = 0
    else:
        who = actor.get_full_name() if actor is not None else "an administrator"
        endpoint.disabled_reason = f"Disabled by {who}."[:200]
    endpoint.save(
        update_fields=["is_active", "disabled_reason", "consecutive_failures", "updated_at"]
    )
    audit_record(
        org=org,
        actor=actor,
        action="webhook.enabled" if active else "webhook.disabled",
        target=endpoint,
        target_label=endpoint.url,
    )
    return endpoint


@transaction.atomic
def webhook_endpoint_delete(
    *, org: Organization, actor: User | None, endpoint: WebhookEndpoint
) -> None:
    """Delete the endpoint with its delivery log."""
    _own(org, endpoint)
    audit_record(
        org=org,
        actor=actor,
        action="webhook.deleted",
        target=endpoint,
        target_label=endpoint.url,
    )
    endpoint.delete()


@transaction.atomic
def webhook_endpoint_rotate_secret(
    *, org: Organization, actor: User | None, endpoint: WebhookEndpoint
) -> WebhookEndpoint:
    """Replace the signing secret; deliveries from now on are signed with the new one."""
    _own(org, endpoint)
    endpoint.secret = _new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    audit_record(
        org=org,
        actor=actor,
        action="webhook.secret_rotated",
        target=endpoint,
        target_label=endpoint.url,
    )
    return endpoint


def webhook_endpoint_reveal_secret(
    *, org: Organization, actor: User | None, endpoint: WebhookEndpoint
) -> str:
    """The signing secret, for an admin who asked to see it (recorded in the audit log)."""
    _own(org, endpoint)
    audit_record(
        org=org,
        actor=actor,
        action="webhook.secret_revealed",
        target=endpoint,
        target_label=endpoint.url,
    )
    return str(endpoint.secret)


# --- The outbox ---------------------------------------------------------------------


def _payload(
    *, org: Organization, event_id: uuid.UUID, event_type: str, at: datetime, data: dict[str, Any]
) -> dict[str, Any]:
    # Round-trip through JSON so callers may pass datetimes, UUIDs and decimals.
    plain_data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return {
        "id": str(event_id),
        "type": event_type,
        "created": at.isoformat(),
        "organization": org.slug,
        "data": plain_data,
    }


def _enqueue(delivery_ids: list[int]) -> None:
    from organizations.webhooks.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.delay(delivery_id)


def _enqueue_on_commit(delivery_ids: list[int]) -> None:
    # robust: a broker outage must not break the caller; the minute sweep sends these anyway.
    transaction.on_commit(lambda: _enqueue(delivery_ids), robust=True)


def webhook_emit(*, org: Organization, event_type: str, data: dict[str, Any]) -> int:
    """Queue `event_type` for every active endpoint of `org` that subscribes to it.

    Call it inside the transaction that makes the event true: the rows commit with it, and
    delivery starts after the commit. Returns how many deliveries were queued.
    """
    if event_type not in EVENT_TYPES or event_type == PING:
        raise ValueError(f"Unknown webhook event type: {event_type!r}.")
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.for_org(org)
        .filter(is_active=True)
        .only("pk", "events")
        .order_by("pk")
        if not endpoint.events or event_type in endpoint.events
    ]
    if not endpoints:
        return 0
    now = timezone.now()
    event_id = uuid.uuid4()
    payload = _payload(org=org, event_id=event_id, event_type=event_type, at=now, data=data)
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                organization=org,
                endpoint_id=endpoint.pk,
                event_id=event_id,
                event_type=event_type,
                payload=payload,
                next_attempt_at=now,
            )
            for endpoint in endpoints
        ]
    )
    _enqueue_on_commit([row.pk for row in rows])
    return len(rows)


@transaction.atomic
def webhook_ping(
    *, org: Organization, actor: User | None, endpoint: WebhookEndpoint
) -> WebhookDelivery:
    """Queue a `ping` event to one endpoint, to check the receiver and its signature check."""
    _own(org, endpoint)
    if not endpoint.is_active:
        raise ConflictError(
            "This endpoint is disabled; enable it before sending a test event.",
            code="webhook_endpoint_disabled",
        )
    now = timezone.now()
    event_id = uuid.uuid4()
    data = {"message": "A test event from Herald.", "endpoint_id": endpoint.pk}
    delivery = WebhookDelivery.objects.create(
        organization=org,
        endpoint=endpoint,
        event_id=event_id,
        event_type=PING,
        payload=_payload(org=org, event_id=event_id, event_type=PING, at=now, data=data),
        next_attempt_at=now,
    )
    _enqueue_on_commit([delivery.pk])
    return delivery


@transaction.atomic
def webhook_delivery_retry(
    *, org: Organization, actor: User | None, delivery: WebhookDelivery
) -> WebhookDelivery:
    """Put a failed delivery back in the queue with a fresh retry schedule."""
    if delivery.organization_id != org.pk:
        raise NotFoundError("No such delivery.")
    if not WebhookEndpoint.objects.filter(pk=delivery.endpoint_id, is_active=True).exists():
        raise ConflictError(
            "This endpoint is disabled; enable it before retrying its deliveries.",
            code="webhook_endpoint_disabled",
        )
    requeued = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.Status.FAILED
    ).update(
        status=WebhookDelivery.Status.PENDING,
        attempts=0,
        next_attempt_at=timezone.now(),
        last_error="",
    )
    if requeued != 1:
        raise ConflictError(
            "Only a failed delivery can be retried.", code="webhook_delivery_not_failed"
        )
    delivery.refresh_from_db()
    audit_record(
        org=org,
        actor=actor,
        action="webhook.delivery_retried",
        target=delivery,
        target_label=f"{delivery.event_type} {delivery.event_id}",
    )
    _enqueue_on_commit([delivery.pk])
    return delivery


# --- Delivering ---------------------------------------------------------------------


def retry_delay(attempts: int) -> timedelta | None:
    """How long to wait after the `attempts`-th failed attempt; None when it was the last."""
    if attempts >= MAX_ATTEMPTS:
        return None
    return RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]


def _claim(delivery_id: int) -> bool:
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now
    ).update(
        status=WebhookDelivery.Status.DELIVERING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
    )
    return claimed == 1


def _request_for(delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> WebhookRequest:
    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    return WebhookRequest(
        url=endpoint.url,
        body=body,
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Herald-Event": delivery.event_type,
            "Herald-Delivery": str(delivery.event_id),
            SIGNATURE_HEADER: webhook_signature_header(
                secret=str(endpoint.secret), payload=body, timestamp=int(time.time())
            ),
        },
    )


def _http_error(response: WebhookResponse) -> str:
    if response.error:
        return response.error
    code = response.status_code
    if code is not None and 300 <= code < 400:
        return f"HTTP {code}: redirects are not followed; register the final URL."
    return f"HTTP {code}: the receiver did not answer with a 2xx status."


def webhook_delivery_attempt(*, delivery_id: int) -> WebhookDelivery | None:
    """Make the next attempt of one delivery if it is due; None when there was nothing to do.

    Safe to call twice or from two workers at once: only the caller whose conditional UPDATE
    moved the row to "delivering" sends. No transaction is open during the HTTP request.
    """
    pending = (
        WebhookDelivery.objects.across_orgs()
        .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .values_list("endpoint__is_active", flat=True)
        .first()
    )
    if not pending:  # gone, not pending, or its endpoint is disabled (the row waits)
        return None
    if not _claim(delivery_id):
        return None
    delivery = (
        WebhookDelivery.objects.across_orgs()
        .select_related("endpoint", "organization")
        .get(pk=delivery_id)
    )
    response = post_webhook(_request_for(delivery, delivery.endpoint))
    return _record_outcome(delivery, response)


@transaction.atomic
def _record_outcome(delivery: WebhookDelivery, response: WebhookResponse) -> WebhookDelivery:
    now = timezone.now()
    endpoint = delivery.endpoint
    error = "" if response.ok else _http_error(response)
    WebhookAttempt.objects.create(
        organization_id=delivery.organization_id,
        delivery=delivery,
        status_code=response.status_code,
        response_excerpt=response.body_excerpt[:500],
        error=error[:500],
        duration_ms=max(response.duration_ms, 0),
    )
    changes: dict[str, Any] = {
        "last_status_code": response.status_code,
        "last_error": error[:500],
    }
    if response.ok:
        changes.update(status=WebhookDelivery.Status.SUCCEEDED, delivered_at=now)
    else:
        delay = retry_delay(delivery.attempts)
        if delay is None:
            changes["status"] = WebhookDelivery.Status.FAILED
        else:
            changes.update(status=WebhookDelivery.Status.PENDING, next_attempt_at=now + delay)
    # Conditional: if the row was taken back as stale meanwhile, a later attempt owns it.
    WebhookDelivery.objects.filter(
        pk=delivery.pk, status=WebhookDelivery.Status.DELIVERING, attempts=delivery.attempts
    ).update(**changes)

    if response.ok:
        WebhookEndpoint.objects.filter(pk=endpoint.pk, consecutive_failures__gt=0).update(
            consecutive_failures=0
        )
    else:
        _count_failure(delivery.organization, endpoint, error)
    delivery.refresh_from_db()
    return delivery


def _count_failure(org: Organization, endpoint: WebhookEndpoint, error: str) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    reason = f"Disabled automatically after {DISABLE_AFTER_FAILURES} failed deliveries in a row."
    disabled = WebhookEndpoint.objects.filter(
        pk=endpoint.pk, is_active=True, consecutive_failures__gte=DISABLE_AFTER_FAILURES
    ).update(is_active=False, disabled_reason=reason)
    if disabled != 1:
        return
    logger.warning("webhook endpoint %s disabled after repeated failures", endpoint.pk)
    audit_record(
        org=org,
        actor=None,
        action="webhook.auto_disabled",
        target=endpoint,
        target_label=endpoint.url,
        metadata={"last_error": error},
        actor_label="Herald",
    )
    notify_admins(
        org=org,
        kind="webhook.disabled",
        title="A webhook endpoint was disabled",
        body=(
            f"Herald stopped sending events to {endpoint.url} after {DISABLE_AFTER_FAILURES} "
            f"failed deliveries in a row. Last error: {error} Fix the receiver, then enable "
            "the endpoint again; waiting deliveries go out once it is enabled."
        ),
        url=reverse("webhook-detail", kwargs={"org_slug": org.slug, "endpoint_id": endpoint.pk}),
    )


def webhook_deliveries_dispatch_due(*, limit: int = SWEEP_BATCH) -> int:
    """The minute sweep: take back stale attempts, then enqueue every due delivery.

    Enqueueing a row twice is harmless (the claim lets one task through), so this needs no
    lock and may overlap with itself.
    """
    now = timezone.now()
    stale = WebhookDelivery.objects.across_orgs().filter(
        status=WebhookDelivery.Status.DELIVERING,
        last_attempt_at__lt=now - STALE_DELIVERING_AFTER,
    )
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=WebhookDelivery.Status.FAILED,
        last_error="The last attempt was interrupted and no attempts are left.",
    )
    stale.update(status=WebhookDelivery.Status.PENDING, next_attempt_at=now)
    due = list(
        WebhookDelivery.objects.across_orgs()
        .filter(
            status=WebhookDelivery.Status.PENDING,
            next_attempt_at__lte=now,
            endpoint__is_active=True,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    if due:
        _enqueue(due)
    return len(due)


def webhook_deliveries_prune(*, older_than: timedelta = DELIVERY_LOG_RETENTION) -> int:
    """Delete finished deliveries (succeeded or failed) older than `older_than`, with attempts.

    Pending rows are kept whatever their age: they are still owed to their endpoint. Returns
    how many deliveries were deleted.
    """
    cutoff = timezone.now() - older_than
    _, per_model = (
        WebhookDelivery.objects.across_orgs()
        .filter(
            status__in=[WebhookDelivery.Status.SUCCEEDED, WebhookDelivery.Status.FAILED],
            created_at__lt=cutoff,
        )
        .delete()
    )
    return int(per_model.get(WebhookDelivery._meta.label, 0))
