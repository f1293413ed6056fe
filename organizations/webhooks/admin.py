"""Staff views of webhook endpoints and the delivery outbox. Secrets are never shown."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from config.errors import DomainError
from organizations.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from organizations.webhooks.services import (
    webhook_delivery_retry,
    webhook_endpoint_set_active,
)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = (
        "url",
        "organization",
        "is_active",
        "consecutive_failures",
        "created_at",
    )
    list_filter = ("is_active", "organization")
    search_fields = ("url", "description", "organization__slug", "organization__name")
    list_select_related = ("organization",)
    # `secret` is deliberately absent: staff can neither read nor edit it here.
    fields = (
        "organization",
        "url",
        "description",
        "events",
        "is_active",
        "disabled_reason",
        "consecutive_failures",
        "created_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields  # changes go through the services (audit, failure count)
    actions = ["enable", "disable"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookEndpoint]:
        return super().get_queryset(request).defer("secret")

    def _set_active(
        self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint], active: bool
    ) -> None:
        actor = request.user if isinstance(request.user, User) else None
        for endpoint in queryset.select_related("organization"):
            webhook_endpoint_set_active(
                org=endpoint.organization, actor=actor, endpoint=endpoint, active=active
            )
        verb = "enabled" if active else "disabled"
        self.message_user(request, f"{queryset.count()} endpoint(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Enable the selected endpoints (clears their failure count)")
    def enable(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        self._set_active(request, queryset, True)

    @admin.action(description="Disable the selected endpoints")
    def disable(self, request: HttpRequest, queryset: QuerySet[WebhookEndpoint]) -> None:
        self._set_active(request, queryset, False)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # endpoints get their secret from the service: created by org admins


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    fields = ("created_at", "status_code", "duration_ms", "error", "response_excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-created_at", "-id")

    def has_add_permission(self, request: HttpRequest, obj: WebhookDelivery | None = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "event_type",
        "endpoint_url",
        "organization",
        "status",
        "attempts",
        "last_status_code",
        "next_attempt_at",
        "created_at",
    )
    list_filter = ("status", "event_type", "organization")
    search_fields = ("event_id", "endpoint__url", "organization__slug")
    list_select_related = ("organization", "endpoint")
    date_hierarchy = "created_at"
    inlines = [WebhookAttemptInline]
    actions = ["retry_failed"]
    readonly_fields = (
        "organization",
        "endpoint",
        "event_id",
        "event_type",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "last_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created_at",
    )
    fields = readonly_fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[WebhookDelivery]:
        return super().get_queryset(request).defer("endpoint__secret")

    @admin.display(description="Endpoint", ordering="endpoint__url")
    def endpoint_url(self, obj: WebhookDelivery) -> str:
        return obj.endpoint.url

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Retry the selected failed deliveries")
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        retried, skipped = 0, 0
        for delivery in queryset.select_related("organization"):
            try:
                webhook_delivery_retry(
                    org=delivery.organization,
                    actor=request.user if isinstance(request.user, User) else None,
                    delivery=delivery,
                )
            except DomainError:
                skipped += 1
            else:
                retried += 1
        self.message_user(request, f"{retried} delivery(ies) queued again.", messages.SUCCESS)
        if skipped:
            self.message_user(
                request,
                f"{skipped} skipped: only failed deliveries of enabled endpoints can be retried.",
                messages.WARNING,
            )
