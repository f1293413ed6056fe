"""Reads for accounts: a person's own security history and preferences."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from accounts.models import User
from organizations.models import AuditEvent, NotificationPreference


def security_event_list(*, user: User) -> QuerySet[AuditEvent]:
    """Account events (sign-ins, failures, password and two-factor changes): no organization."""
    return AuditEvent.objects.filter(organization__isnull=True, actor=user).order_by(
        "-created_at", "-id"
    )


def notification_email_kinds(*, user: User) -> set[str]:
    return set(
        NotificationPreference.objects.filter(user=user, email=True).values_list("kind", flat=True)
    )


def email_address_list(*, user: User) -> QuerySet[EmailAddress]:
    addresses: QuerySet[EmailAddress] = EmailAddress.objects.filter(user=user)
    return addresses.order_by("-primary", "email")


def mfa_enabled(*, user: User) -> bool:
    return bool(
        Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
    )


def email_verified(*, user: User) -> bool:
    return bool(
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )
