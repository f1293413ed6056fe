"""Writes for organizations: tenants, members, invitations, API keys, audit, notifications.

Every service is keyword-only, takes domain objects, keeps its invariants whoever calls it
(web, API, admin, an agent, the shell) and raises domain errors with stable codes.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any
from zoneinfo import available_timezones

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from config.errors import ConflictError, NotFoundError, PermissionDeniedError
from config.middleware import current_client
from organizations.auth import api_key_generate
from organizations.limits import seats_check
from organizations.models import (
    ApiKey,
    AuditEvent,
    Invitation,
    Membership,
    Notification,
    NotificationPreference,
    Organization,
    Role,
)

INVITATION_LIFETIME = timedelta(days=7)
RESERVED_SLUGS = frozenset(
    {"new", "settings", "admin", "api", "app", "static", "media", "account", "orgs", "invitations"}
)
_TIMEZONES = frozenset(available_timezones())


# --- Audit ----------------------------------------------------------------------


def audit_record(
    *,
    org: Organization | None,
    actor: User | None,
    action: str,
    target: Model | None = None,
    target_label: str = "",
    metadata: dict[str, Any] | None = None,
    actor_label: str = "",
) -> AuditEvent:
    """Append to the audit log; the client's address comes from the request being served."""
    ip, user_agent = current_client()
    return AuditEvent.objects.create(
        organization=org,
        actor=actor,
        actor_label=actor_label or (actor.get_full_name() if actor else "system"),
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=(target_label or str(target))[:200] if target is not None else target_label,
        ip_address=ip,
        user_agent=user_agent,
        metadata=metadata or {},
    )


# --- Organizations ----------------------------------------------------------------


def _validate_timezone(tz: str) -> None:
    if tz not in _TIMEZONES:
        raise ValidationError({"timezone": f"“{tz}” is not a known time zone, e.g. Europe/Paris."})


def _unique_slug(base: str) -> str:
    root = slugify(base)[:50] or "org"
    if root in RESERVED_SLUGS:
        root = f"{root}-team"
    slug, n = root, 1
    while Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{root}-{n}"
    return slug


@transaction.atomic
def org_create(
    *,
    actor: User,
    name: str,
    slug: str = "",
    timezone_name: str = "UTC",
    is_personal: bool = False,
) -> Organization:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the organization a name."})
    _validate_timezone(timezone_name)
    if slug:
        slug = slugify(slug)
        if not slug or slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "Choose another slug: this one is reserved or empty."})
        if Organization.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": "This slug is taken; choose another."})
    else:
        slug = _unique_slug(name)
    org = Organization.objects.create(
        name=name, slug=slug, timezone=timezone_name, is_personal=is_personal, created_by=actor
    )
    Membership.objects.create(organization=org, user=actor, role=Role.OWNER)
    audit_record(org=org, actor=actor, action="org.created", target=org)
    return org


def org_create_personal(*, user: User) -> Organization:
    """The organization every new user starts in."""
    label = user.name or user.email.split("@")[0]
    return org_create(actor=user, name=f"{label}'s workspace", is_personal=True)


ORG_EDITABLE_FIELDS = ("name", "slug", "timezone", "require_approval")


@transaction.atomic
def org_update(*, org: Organization, actor: User | None, **changes: Any) -> Organization:
    unknown = set(changes) - set(ORG_EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be changed."))
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise ValidationError({"name": "Give the organization a name."})
    if "timezone" in changes:
        _validate_timezone(changes["timezone"])
    if "slug" in changes and changes["slug"] != org.slug:
        slug = slugify(changes["slug"])
        if not slug or slug in RESERVED_SLUGS:
            raise ValidationError({"slug": "Choose another slug: this one is reserved or empty."})
        if Organization.objects.filter(slug=slug).exclude(pk=org.pk).exists():
            raise ValidationError({"slug": "This slug is taken; choose another."})
        changes["slug"] = slug
    before = {field: getattr(org, field) for field in changes}
    for field, value in changes.items():
        setattr(org, field, value)
    org.save(update_fields=[*changes, "updated_at"])
    diff = {f: [before[f], changes[f]] for f in changes if before[f] != changes[f]}
    if diff:
        audit_record(
            org=org, actor=actor, action="org.updated", target=org, metadata={"changes": diff}
        )
    return org


@transaction.atomic
def org_delete(*, org: Organization, actor: User, confirm_slug: str) -> None:
    if confirm_slug != org.slug:
        raise ValidationError({"confirm": f"Type the organization's slug ({org.slug}) to confirm."})
    audit_record(
        org=None,
        actor=actor,
        action="org.deleted",
        target_label=f"{org.name} ({org.slug})",
        metadata={"organization_id": org.pk},
    )
    org.delete()


# --- Members ------------------------------------------------------------------------


def _owner_count(org: Organization) -> int:
    return int(Membership.objects.for_org(org).filter(role=Role.OWNER).count())


def _lock_memberships(org: Organization) -> None:
    """Serialise role changes in one org so two demotions cannot remove the last owner."""
    list(Membership.objects.for_org(org).select_for_update().order_by("pk").values_list("pk"))


@transaction.atomic
def membership_change_role(
    *, org: Organization, actor: User | None, actor_role: Role, membership: Membership, role: str
) -> Membership:
    if membership.organization_id != org.pk:
        raise NotFoundError()
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    if not actor_role.at_least(Role.ADMIN):
        raise PermissionDeniedError("Only admins and owners change roles.", code="role_required")
    if Role.OWNER in (role, membership.role) and actor_role != Role.OWNER:
        raise PermissionDeniedError(
            "Only an owner can make someone an owner or change an owner's role.",
            code="owner_required",
        )
    _lock_memberships(org)
    membership.refresh_from_db()
    if membership.role == role:
        return membership
    if membership.role == Role.OWNER and _owner_count(org) == 1:
        raise ConflictError(
            "This is the last owner; make someone else an owner first.", code="last_owner"
        )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit_record(
        org=org,
        actor=actor,
        action="member.role_changed",
        target=membership.user,
        metadata={"from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(
    *, org: Organization, actor: User | None, actor_role: Role, membership: Membership
) -> None:
    if membership.organization_id != org.pk:
        raise NotFoundError()
    is_self = actor is not None and membership.user_id == actor.pk
    if not is_self and not actor_role.at_least(Role.ADMIN):
        raise PermissionDeniedError("Only admins and owners remove members.", code="role_required")
    if membership.role == Role.OWNER and not is_self and actor_role != Role.OWNER:
        raise PermissionDeniedError("Only an owner can remove an owner.", code="owner_required")
    _lock_memberships(org)
    if membership.role == Role.OWNER and _owner_count(org) == 1:
        raise ConflictError(
            "The last owner cannot leave; make someone else an owner or delete the organization.",
            code="last_owner",
        )
    user = membership.user
    membership.delete()
    audit_record(
        org=org,
        actor=actor,
        action="member.left" if is_self else "member.removed",
        target=user,
    )


def membership_leave(*, org: Organization, user: User) -> None:
    membership = Membership.objects.for_org(org).filter(user=user).first()
    if membership is None:
        raise NotFoundError()
    membership_remove(org=org, actor=user, actor_role=Role(membership.role), membership=membership)


# --- Invitations ----------------------------------------------------------------------


def _invitation_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, invitation_token_digest(token)


def invitation_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _enqueue_invitation_email(invitation: Invitation, token: str) -> None:
    from organizations.tasks import invitation_send_email

    transaction.on_commit(lambda: invitation_send_email.delay(invitation.pk, token))


@transaction.atomic
def invitation_create(
    *, org: Organization, actor: User | None, actor_role: Role, email: str, role: str
) -> tuple[Invitation, str]:
    """Invite someone by email. Returns the invitation and its token (emailed, never stored)."""
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    if not actor_role.at_least(Role.ADMIN):
        raise PermissionDeniedError("Only admins and owners invite.", code="role_required")
    if role == Role.OWNER and actor_role != Role.OWNER:
        raise PermissionDeniedError("Only an owner can invite an owner.", code="owner_required")
    if Membership.objects.for_org(org).filter(user__email__iexact=email).exists():
        raise ConflictError(f"{email} is already a member.", code="already_member")
    seats_check(org=org, current=_seats_taken(org))
    token, digest = _invitation_token()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                organization=org,
                email=email,
                role=role,
                token_hash=digest,
                invited_by=actor,
                expires_at=timezone.now() + INVITATION_LIFETIME,
            )
    except IntegrityError:
        raise ConflictError(
            f"{email} already has a pending invitation; resend it instead.",
            code="invitation_pending",
        ) from None
    audit_record(
        org=org,
        actor=actor,
        action="invitation.created",
        target=invitation,
        metadata={"role": role},
    )
    _enqueue_invitation_email(invitation, token)
    return invitation, token


def _seats_taken(org: Organization) -> int:
    """Members plus pending invitations: an invitation holds a seat until it is settled."""
    members = Membership.objects.for_org(org).count()
    pending = Invitation.objects.for_org(org).filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )
    return int(members + pending.count())


def _pending(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ConflictError("This invitation has already been accepted.", code="invitation_used")
    if invitation.revoked_at is not None:
        raise ConflictError("This invitation was revoked.", code="invitation_revoked")


@transaction.atomic
def invitation_resend(*, org: Organization, actor: User | None, invitation: Invitation) -> str:
    if invitation.organization_id != org.pk:
        raise NotFoundError()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _pending(invitation)
    token, digest = _invitation_token()
    invitation.token_hash = digest
    invitation.expires_at = timezone.now() + INVITATION_LIFETIME
    invitation.save(update_fields=["token_hash", "expires_at"])
    audit_record(org=org, actor=actor, action="invitation.resent", target=invitation)
    _enqueue_invitation_email(invitation, token)
    return token


@transaction.atomic
def invitation_revoke(*, org: Organization, actor: User | None, invitation: Invitation) -> None:
    if invitation.organization_id != org.pk:
        raise NotFoundError()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _pending(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(org=org, actor=actor, action="invitation.revoked", target=invitation)


def invitation_for_token(*, token: str) -> Invitation:
    invitation = (
        Invitation.objects.across_orgs()
        .select_related("organization")
        .filter(token_hash=invitation_token_digest(token))
        .first()
    )
    if invitation is None:
        raise NotFoundError("This invitation link is not valid.", code="invitation_not_found")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = invitation_for_token(token=token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _pending(invitation)
    if invitation.expires_at <= timezone.now():
        raise ConflictError(
            "This invitation has expired; ask for a new one.", code="invitation_expired"
        )
    if invitation.email.lower() != user.email.lower():
        raise PermissionDeniedError(
            f"This invitation is for {invitation.email}; sign in with that address to accept it.",
            code="invitation_wrong_user",
        )
    org = invitation.organization
    if not Membership.objects.for_org(org).filter(user=user).exists():
        # This invitation's own seat is already counted among the pending ones.
        seats_check(org=org, current=_seats_taken(org) - 1)
    membership, created = Membership.objects.get_or_create(
        organization=org, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        org=org,
        actor=user,
        action="invitation.accepted",
        target=invitation,
        metadata={"role": membership.role, "already_member": not created},
    )
    for admin in _admins(org, exclude=user):
        notification_create(
            org=org,
            user=admin,
            kind="member.joined",
            title=f"{user.get_full_name()} joined {org.name}",
            body=f"They accepted the invitation as {membership.role}.",
            url=f"/app/{org.slug}/settings/members/",
        )
    return membership


def _admins(org: Organization, *, exclude: User | None = None) -> list[User]:
    memberships = (
        Membership.objects.for_org(org)
        .filter(role__in=[Role.OWNER, Role.ADMIN])
        .select_related("user")
    )
    return [m.user for m in memberships if exclude is None or m.user_id != exclude.pk]


# --- API keys -----------------------------------------------------------------------


@transaction.atomic
def api_key_create(
    *, org: Organization, actor: User | None, name: str, role: str
) -> tuple[ApiKey, str]:
    """Create a key; the plain key is returned once and only its digest is stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the key after what uses it, e.g. “Zapier”."})
    if role not in (Role.ADMIN, Role.MEMBER, Role.VIEWER):
        raise ValidationError({"role": "An API key acts as admin, member or viewer (never owner)."})
    key, prefix, digest = api_key_generate()
    api_key = ApiKey.objects.create(
        organization=org, name=name, prefix=prefix, key_hash=digest, role=role, created_by=actor
    )
    audit_record(
        org=org, actor=actor, action="api_key.created", target=api_key, metadata={"role": role}
    )
    return api_key, key


@transaction.atomic
def api_key_revoke(*, org: Organization, actor: User | None, api_key: ApiKey) -> ApiKey:
    if api_key.organization_id != org.pk:
        raise NotFoundError()
    updated = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    api_key.refresh_from_db()
    if updated:
        audit_record(org=org, actor=actor, action="api_key.revoked", target=api_key)
    return api_key


# --- Notifications ------------------------------------------------------------------


def notification_create(
    *, org: Organization, user: User, kind: str, title: str, body: str = "", url: str = ""
) -> Notification:
    """An in-app notification; emailed too when the user opted into this kind."""
    notification = Notification.objects.create(
        organization=org, user=user, kind=kind, title=title[:200], body=body, url=url
    )
    wants_email = NotificationPreference.objects.filter(user=user, kind=kind, email=True).exists()
    if wants_email:
        from organizations.tasks import notification_send_email

        transaction.on_commit(lambda: notification_send_email.delay(notification.pk))
    return notification


def notify_admins(
    *, org: Organization, kind: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    return [
        notification_create(org=org, user=user, kind=kind, title=title, body=body, url=url)
        for user in _admins(org)
    ]


def notifications_mark_read(*, org: Organization, user: User, ids: list[int] | None = None) -> int:
    """Mark some (or, with no ids, all) of a user's notifications in an org as read."""
    qs = Notification.objects.for_org(org).filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return int(qs.update(read_at=timezone.now()))


def notification_preference_set(*, user: User, kind: str, email: bool) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"email": email}
    )
    return preference
