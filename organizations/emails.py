"""Outgoing email for organizations: invitations and opted-in notifications."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from organizations.models import Invitation, Notification


def invitation_accept_url(token: str) -> str:
    return f"{settings.SITE_URL}/invitations/{token}/"


def invitation_send(*, invitation_id: int, token: str) -> None:
    invitation = (
        Invitation.objects.across_orgs()
        .select_related("organization", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if invitation is None:
        return  # accepted or revoked meanwhile: nothing to send
    context = {
        "invitation": invitation,
        "org": invitation.organization,
        "inviter": invitation.invited_by.get_full_name() if invitation.invited_by else "Someone",
        "accept_url": invitation_accept_url(token),
    }
    send_mail(
        subject=f"You're invited to {invitation.organization.name} on Herald",
        message=render_to_string("organizations/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())


def notification_send(*, notification_id: int) -> None:
    with transaction.atomic():
        notification = (
            Notification.objects.across_orgs()
            .select_for_update(skip_locked=True)
            .select_related("user", "organization")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return  # already emailed, or another worker is on it
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    link = f"{settings.SITE_URL}{notification.url}" if notification.url else settings.SITE_URL
    try:
        send_mail(
            subject=f"[{notification.organization.name}] {notification.title}",
            message=f"{notification.body}\n\n{link}\n\nYou get this email because you asked "
            f"for “{notification.kind}” notifications by email in your Herald account settings.",
            from_email=None,
            recipient_list=[notification.user.email],
        )
    except Exception:
        # Release the claim so the task's retry sends it.
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
