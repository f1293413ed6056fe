"""Writes for accounts: sign-up, profile, avatar, password, refresh-token revocation.

Web (allauth) and API share these. They take domain objects, never a request; anything that
needs the request (sending the verification email, logging in) stays in the interface layer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from zoneinfo import available_timezones

from allauth.account.models import EmailAddress
from django.contrib.auth.models import update_last_login
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from organizations.models import Organization
from organizations.services import audit_record, notification_preference_set, org_create_personal

logger = logging.getLogger(__name__)

TIMEZONES = frozenset(available_timezones())
AVATAR_MAX_BYTES = 2 * 1024 * 1024
# Declared content type -> (leading bytes that prove it, stored extension).
AVATAR_TYPES: dict[str, tuple[tuple[bytes, ...], str]] = {
    "image/png": ((b"\x89PNG\r\n\x1a\n",), "png"),
    "image/jpeg": ((b"\xff\xd8\xff",), "jpg"),
    "image/gif": ((b"GIF87a", b"GIF89a"), "gif"),
    "image/webp": ((b"RIFF",), "webp"),
}

# Notification kinds a person can also receive by email (organizations.Notification.kind).
NOTIFICATION_EMAIL_KINDS: dict[str, str] = {
    "member.joined": "Someone joins an organization you manage",
    "credits.low": "An organization's credits run low",
    "post.failed": "A post fails to publish",
    "webhook.disabled": "A webhook endpoint is switched off after repeated failures",
}


# --- Sign-up ----------------------------------------------------------------------


def email_is_taken(email: str) -> bool:
    email = email.strip()
    return (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email, verified=True).exists()
    )


def user_onboard(*, user: User, channel: str) -> Organization:
    """Everything a brand-new account gets: its personal organization and an audit entry.

    Called once per new user, by the API's register and by the allauth adapters (web sign-up
    and social sign-up), inside the transaction that created the user.
    """
    org = org_create_personal(user=user)
    audit_record(
        org=None, actor=user, action="auth.signed_up", target=user, metadata={"channel": channel}
    )
    return org


@transaction.atomic
def user_register(*, email: str, password: str, name: str, timezone: str = "UTC") -> User:
    """Create an account with an unverified primary address and its personal organization."""
    email = User.objects.normalize_email(email.strip()).lower()
    name = name.strip()
    errors: dict[str, str | list[str]] = {}
    if not name:
        errors["name"] = "Tell us your name."
    if timezone not in TIMEZONES:
        errors["timezone"] = f"“{timezone}” is not a known time zone, e.g. Europe/Paris."
    if email_is_taken(email):
        errors["email"] = "An account with this email address already exists; log in instead."
    try:
        validate_password(password, User(email=email, name=name))
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email, password=password, name=name, timezone=timezone
            )
    except IntegrityError:
        raise ValidationError(
            {"email": "An account with this email address already exists; log in instead."}
        ) from None
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    user_onboard(user=user, channel="api")
    return user


# --- Profile ----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedAvatar:
    upload: UploadedFile
    extension: str


def avatar_check(upload: UploadedFile) -> CheckedAvatar:
    """Accept PNG, JPEG, GIF or WebP up to 2 MB whose bytes match the declared type."""
    size = upload.size or 0
    if size > AVATAR_MAX_BYTES:
        raise ValidationError({"avatar": "The image is larger than 2 MB; choose a smaller one."})
    if size == 0:
        raise ValidationError({"avatar": "The file is empty."})
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if content_type not in AVATAR_TYPES:
        raise ValidationError({"avatar": "Upload a PNG, JPEG, GIF or WebP image."})
    signatures, extension = AVATAR_TYPES[content_type]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    matches = any(head.startswith(signature) for signature in signatures)
    if content_type == "image/webp":
        matches = matches and head[8:12] == b"WEBP"
    if not matches:
        raise ValidationError(
            {"avatar": "The file's content is not the image type it claims to be."}
        )
    return CheckedAvatar(upload=upload, extension=extension)


def _delete_file_later(storage_name: str, user: User) -> None:
    storage = user.avatar.storage

    def delete() -> None:
        try:
            storage.delete(storage_name)
        except OSError:  # the row is right either way; a stray file is only clutter
            logger.warning("Could not delete the replaced avatar %s", storage_name)

    transaction.on_commit(delete)


@transaction.atomic
def user_profile_update(
    *,
    user: User,
    name: str | None = None,
    timezone: str | None = None,
    avatar: UploadedFile | None = None,
    remove_avatar: bool = False,
) -> User:
    errors: dict[str, str] = {}
    if name is not None:
        name = name.strip()
        if not name:
            errors["name"] = "Tell us your name."
    if timezone is not None and timezone not in TIMEZONES:
        errors["timezone"] = f"“{timezone}” is not a known time zone, e.g. Europe/Paris."
    if errors:
        raise ValidationError(errors)
    checked = avatar_check(avatar) if avatar is not None else None

    fields: list[str] = []
    if name is not None and name != user.name:
        user.name = name
        fields.append("name")
    if timezone is not None and timezone != user.timezone:
        user.timezone = timezone
        fields.append("timezone")
    old_avatar = user.avatar.name if user.avatar else ""
    if checked is not None:
        user.avatar.save(f"avatar.{checked.extension}", checked.upload, save=False)
        fields.append("avatar")
    elif remove_avatar and old_avatar:
        user.avatar = ""
        fields.append("avatar")
    if fields:
        user.save(update_fields=fields)
        if "avatar" in fields and old_avatar:
            _delete_file_later(old_avatar, user)
    return user


def notification_preferences_update(*, user: User, email_kinds: set[str]) -> None:
    """Email me about exactly these kinds (the others stay in-app only)."""
    unknown = email_kinds - NOTIFICATION_EMAIL_KINDS.keys()
    if unknown:
        raise ValidationError({"email_kinds": f"Unknown kinds: {', '.join(sorted(unknown))}."})
    with transaction.atomic():
        for kind in NOTIFICATION_EMAIL_KINDS:
            notification_preference_set(user=user, kind=kind, email=kind in email_kinds)


# --- Password and tokens ------------------------------------------------------------


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def api_tokens_issue(*, user: User, sign_in: bool) -> TokenPair:
    """A fresh access + refresh pair; `sign_in` records it as a sign-in to the account."""
    refresh = RefreshToken.for_user(user)
    if sign_in:
        if jwt_settings.UPDATE_LAST_LOGIN:
            update_last_login(User, user)
        audit_record(org=None, actor=user, action="auth.login", metadata={"channel": "api"})
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def refresh_tokens_revoke_all(*, user: User) -> int:
    """Blacklist every refresh token the user still holds: signs out all API clients."""
    outstanding = OutstandingToken.objects.filter(user=user).exclude(blacklistedtoken__isnull=False)
    tokens = list(outstanding)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in tokens], ignore_conflicts=True
    )
    return len(tokens)


@transaction.atomic
def user_password_change(*, user: User, current_password: str, new_password: str) -> User:
    """Change the password and sign out every API client (all refresh tokens are revoked).

    Web sessions elsewhere end too (Django ties sessions to the password hash); the caller
    keeps its own session or is given fresh tokens by the interface that called this.
    """
    if not user.check_password(current_password):
        raise ValidationError({"current_password": "This is not your current password."})
    if current_password == new_password:
        raise ValidationError({"new_password": "Choose a password you have not been using."})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": list(exc.messages)}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    revoked = refresh_tokens_revoke_all(user=user)
    audit_record(
        org=None,
        actor=user,
        action="auth.password_changed",
        target=user,
        metadata={"channel": "api", "refresh_tokens_revoked": revoked},
    )
    return user
