"""Audit of account events that allauth announces only through its signals.

Nothing here changes state beyond appending to the audit log; sign-up and sign-in themselves
go through the adapters in accounts.adapter.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.dispatch import receiver

from accounts.models import User
from organizations.services import audit_record


def _record(user: Any, action: str, **metadata: Any) -> None:
    if isinstance(user, User):
        audit_record(org=None, actor=user, action=action, metadata={"channel": "web", **metadata})


@receiver(account_signals.password_changed, dispatch_uid="accounts.audit.password_changed")
def password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(user, "auth.password_changed")


@receiver(account_signals.password_set, dispatch_uid="accounts.audit.password_set")
def password_set(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(user, "auth.password_set")


@receiver(account_signals.password_reset, dispatch_uid="accounts.audit.password_reset")
def password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    _record(user, "auth.password_reset")


@receiver(account_signals.email_changed, dispatch_uid="accounts.audit.email_changed")
def email_changed(
    sender: Any, request: Any, user: Any, from_email_address: Any, to_email_address: Any, **kw: Any
) -> None:
    to_email = getattr(to_email_address, "email", None)
    if from_email_address is None:  # the first address, confirmed after sign-up
        _record(user, "auth.email_verified", email=to_email)
        return
    _record(user, "auth.email_changed", **{"from": from_email_address.email, "to": to_email})


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.audit.mfa_added")
def authenticator_added(
    sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any
) -> None:
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return  # created alongside the authenticator app; enabling is one event
    _record(user, "auth.mfa_enabled", type=str(authenticator.type))


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.audit.mfa_removed")
def authenticator_removed(
    sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any
) -> None:
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        return  # removed with the last authenticator app
    _record(user, "auth.mfa_disabled", type=str(authenticator.type))


@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts.audit.mfa_reset")
def authenticator_reset(
    sender: Any, request: Any, user: Any, authenticator: Any, **kw: Any
) -> None:
    _record(user, "auth.recovery_codes_regenerated")
