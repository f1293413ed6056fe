"""Staff tools for tenants: read-mostly; actions go through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from organizations import services
from organizations.models import (
    ApiKey,
    AuditEvent,
    Invitation,
    Membership,
    Notification,
    Organization,
)
from organizations.webhooks import admin as _webhooks_admin  # noqa: F401 - registers its models


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "timezone", "is_personal", "require_approval", "created_at")
    list_filter = ("is_personal", "require_approval")
    search_fields = ("name", "slug", "created_by__email")
    readonly_fields = ("created_by", "created_at", "updated_at")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "organization__slug")
    list_select_related = ("user", "organization")
    raw_id_fields = ("user", "organization")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organization", "role", "created_at", "expires_at", "accepted_at")
    list_filter = ("role", ("accepted_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "organization__slug")
    list_select_related = ("organization",)
    exclude = ("token_hash",)
    readonly_fields = ("invited_by", "accepted_by", "accepted_at", "sent_at", "revoked_at")
    actions = ["revoke"]

    @admin.action(description="Revoke the selected pending invitations")
    def revoke(self, request: HttpRequest, queryset: QuerySet[Invitation]) -> None:
        done = 0
        for invitation in queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True):
            services.invitation_revoke(
                org=invitation.organization,
                actor=request.user,  # type: ignore[arg-type]
                invitation=invitation,
            )
            done += 1
        self.message_user(request, f"Revoked {done} invitation(s).", messages.SUCCESS)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "organization", "role", "created_at", "last_used_at")
    list_filter = ("role", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "organization__slug")
    list_select_related = ("organization",)
    exclude = ("key_hash",)
    readonly_fields = ("prefix", "created_by", "last_used_at", "revoked_at", "organization", "role")
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are created by the organization, which sees the secret once

    @admin.action(description="Revoke the selected API keys")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        for api_key in queryset.filter(revoked_at__isnull=True):
            services.api_key_revoke(
                org=api_key.organization,
                actor=request.user,  # type: ignore[arg-type]
                api_key=api_key,
            )
        self.message_user(request, "Revoked.", messages.SUCCESS)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "created_at",
        "action",
        "actor_label",
        "target_label",
        "organization",
        "ip_address",
    )
    list_filter = ("action",)
    search_fields = ("action", "actor_label", "target_label", "organization__slug", "actor__email")
    list_select_related = ("organization",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "organization", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "user__email", "organization__slug")
    list_select_related = ("user", "organization")
    raw_id_fields = ("user", "organization")
