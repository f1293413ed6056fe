"""Reads for organizations. Every selector takes the org it reads within."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery

from accounts.models import User
from config.errors import NotFoundError
from organizations.models import (
    ApiKey,
    AuditEvent,
    Invitation,
    Membership,
    Notification,
    Organization,
)


def org_list_for_user(*, user: User) -> QuerySet[Organization]:
    members = (
        Membership.objects.filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(n=Count("pk"))
        .values("n")
    )
    my_role = Membership.objects.filter(organization=OuterRef("pk"), user=user).values("role")
    return (
        Organization.objects.filter(
            pk__in=Membership.objects.filter(user=user).values("organization")
        )
        .annotate(member_count=Subquery(members), my_role=Subquery(my_role))
        .order_by("name")
    )


def membership_list(*, org: Organization) -> QuerySet[Membership]:
    return Membership.objects.for_org(org).select_related("user").order_by("created_at", "id")


def membership_get(*, org: Organization, membership_id: int) -> Membership:
    membership = membership_list(org=org).filter(pk=membership_id).first()
    if membership is None:
        raise NotFoundError("No such member.")
    return membership


def membership_for_user(*, org: Organization, user: User) -> Membership | None:
    return Membership.objects.for_org(org).filter(user=user).first()


def invitation_list(*, org: Organization, pending_only: bool = True) -> QuerySet[Invitation]:
    qs = Invitation.objects.for_org(org).select_related("invited_by")
    if pending_only:
        qs = qs.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def invitation_get(*, org: Organization, invitation_id: int) -> Invitation:
    invitation = Invitation.objects.for_org(org).filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFoundError("No such invitation.")
    return invitation


def api_key_list(*, org: Organization, include_revoked: bool = False) -> QuerySet[ApiKey]:
    qs = ApiKey.objects.for_org(org).select_related("created_by")
    if not include_revoked:
        qs = qs.filter(revoked_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def api_key_get(*, org: Organization, key_id: int) -> ApiKey:
    api_key = ApiKey.objects.for_org(org).filter(pk=key_id).first()
    if api_key is None:
        raise NotFoundError("No such API key.")
    return api_key


def audit_list(
    *, org: Organization, action: str = "", actor_id: int | None = None
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.for_org(org).select_related("actor")
    if action:
        qs = qs.filter(action__startswith=action)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    return qs.order_by("-created_at", "-id")


def notification_list(
    *, org: Organization, user: User, unread_only: bool = False
) -> QuerySet[Notification]:
    qs = Notification.objects.for_org(org).filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def notification_unread_count(*, org: Organization, user: User) -> int:
    return notification_list(org=org, user=user, unread_only=True).count()
