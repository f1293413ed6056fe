"""API shapes for outgoing webhooks (names are unique across the project's schema)."""

from __future__ import annotations

from rest_framework import serializers

from organizations.models import WebhookDelivery
from organizations.webhooks.events import EVENT_TYPES

EVENT_CHOICES = list(EVENT_TYPES)


class WebhookEndpointOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    description = serializers.CharField()
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES),
        help_text="Event types delivered to this endpoint; empty means every event.",
    )
    is_active = serializers.BooleanField()
    disabled_reason = serializers.CharField(
        help_text="Why the endpoint is disabled (empty while it is active)."
    )
    consecutive_failures = serializers.IntegerField(
        help_text="Failed attempts in a row; the endpoint is disabled automatically at 15."
    )
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class WebhookEndpointListOutput(WebhookEndpointOutput):
    last_delivery_status = serializers.CharField(
        allow_null=True,
        help_text="State of the latest delivery: pending, delivering, succeeded or failed.",
    )
    last_delivery_at = serializers.DateTimeField(allow_null=True)


class WebhookEndpointPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = WebhookEndpointListOutput(many=True)


class WebhookEndpointSecretOutput(WebhookEndpointOutput):
    secret = serializers.CharField(
        help_text="The signing secret (`whsec_...`). Keep it on your server only."
    )


class WebhookEndpointCreateInput(serializers.Serializer):
    url = serializers.CharField(
        max_length=500, help_text="Where Herald POSTs events (https:// in production)."
    )
    description = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES),
        required=False,
        allow_empty=True,
        default=list,
        help_text="Event types to deliver; empty or absent means every event.",
    )


class WebhookEndpointUpdateInput(serializers.Serializer):
    url = serializers.CharField(max_length=500, required=False)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_CHOICES), required=False, allow_empty=True
    )
    is_active = serializers.BooleanField(
        required=False, help_text="Enable (also clears the failure count) or disable."
    )


class WebhookDeliveryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    endpoint_id = serializers.IntegerField()
    event_id = serializers.UUIDField(help_text="Sent as the `Herald-Delivery` header.")
    event_type = serializers.CharField()
    status = serializers.ChoiceField(choices=WebhookDelivery.Status.choices)
    attempts = serializers.IntegerField()
    next_attempt_at = serializers.DateTimeField(
        help_text="When the next attempt is due (while pending)."
    )
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    last_status_code = serializers.IntegerField(allow_null=True)
    last_error = serializers.CharField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class WebhookDeliveryPageOutput(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = WebhookDeliveryOutput(many=True)


class WebhookAttemptOutput(serializers.Serializer):
    id = serializers.IntegerField()
    status_code = serializers.IntegerField(allow_null=True)
    response_excerpt = serializers.CharField(help_text="The first 500 characters of the answer.")
    error = serializers.CharField()
    duration_ms = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class WebhookDeliveryDetailOutput(WebhookDeliveryOutput):
    payload = serializers.JSONField(help_text="The event exactly as it is sent.")
    attempt_log = WebhookAttemptOutput(many=True, help_text="Every attempt, newest first.")
