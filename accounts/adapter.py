"""allauth adapters: where sign-up, sign-in and two-factor hand over to Herald's services.

- A new account (email sign-up or social sign-up) gets its personal organization in the same
  transaction, and accepts the invitation it came through, if any.
- Successful and failed sign-ins are written to the account's audit trail.
- A new password (changed, set or reset) revokes the account's API refresh tokens.
- TOTP secrets and recovery-code seeds are stored encrypted (config.crypto).
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from accounts.models import User
from accounts.services import refresh_tokens_revoke_all, user_onboard
from config import crypto
from config.errors import DomainError
from organizations.services import audit_record, invitation_accept

# Set by the invitation page before it sends an invitee to sign up.
INVITATION_SESSION_KEY = "invitation_token"
# Where to land after a sign-up that accepted an invitation.
INVITED_ORG_SESSION_KEY = "accounts_invited_org_slug"


def _channel(request: HttpRequest | None) -> str:
    return "api" if request is not None and request.path.startswith("/api/") else "web"


def _accept_pending_invitation(request: HttpRequest, user: User) -> None:
    """Accept the invitation the visitor signed up through; a failure becomes a message."""
    token = request.session.pop(INVITATION_SESSION_KEY, None)
    if not token:
        return
    try:
        membership = invitation_accept(token=str(token), user=user)
    except DomainError as exc:
        messages.error(request, f"Your account is ready, but the invitation failed: {exc.message}")
        return
    org = membership.organization
    # The invitation was mailed to this address and accepting it checked the match: the
    # address is proven, so allauth records it as verified (no confirmation round-trip).
    get_account_adapter(request).stash_verified_email(request, user.email)
    request.session[INVITED_ORG_SESSION_KEY] = org.slug
    messages.success(request, f"Welcome to {org.name}! You joined as {membership.role}.")


class HeraldAccountAdapter(DefaultAccountAdapter):
    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: BaseForm, commit: bool = True
    ) -> AbstractBaseUser:
        assert isinstance(user, User)
        with transaction.atomic():
            super().save_user(request, user, form, commit=False)
            name = str(form.cleaned_data.get("name") or "").strip()
            if name:
                user.name = name
            if not commit:
                return user
            user.save()
            user_onboard(user=user, channel="web")
            user._herald_onboarded = True  # type: ignore[attr-defined]  # see the social adapter
        _accept_pending_invitation(request, user)
        return user

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        slug = request.session.pop(INVITED_ORG_SESSION_KEY, None)
        if slug:
            return f"/app/{slug}/"
        return super().get_signup_redirect_url(request)

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        response: HttpResponse = super().post_login(request, user, **kwargs)
        assert isinstance(user, User)
        audit_record(
            org=None,
            actor=user,
            action="auth.login",
            metadata={"channel": _channel(request), "signup": bool(kwargs.get("signup"))},
        )
        return response

    def set_password(self, user: AbstractBaseUser, password: str) -> None:
        """Password change, set or reset on the web also signs out every API client."""
        with transaction.atomic():
            super().set_password(user, password)
            assert isinstance(user, User)
            refresh_tokens_revoke_all(user=user)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        """A wrong password (never a lockout refusal): recorded against the account, if any."""
        email = str(credentials.get("email") or credentials.get("username") or "")[:200]
        user = User.objects.filter(email__iexact=email).first() if email else None
        audit_record(
            org=None,
            actor=user,
            actor_label=email or "unknown",
            action="auth.login_failed",
            metadata={"channel": _channel(request), "email": email},
        )


class HeraldSocialAccountAdapter(DefaultSocialAccountAdapter):
    def save_user(
        self, request: HttpRequest, sociallogin: SocialLogin, form: BaseForm | None = None
    ) -> AbstractBaseUser:
        with transaction.atomic():
            # With a sign-up form this goes through HeraldAccountAdapter.save_user, which
            # already onboards the user; auto sign-up does not.
            user = super().save_user(request, sociallogin, form)
            assert isinstance(user, User)
            if not getattr(user, "_herald_onboarded", False):
                user_onboard(user=user, channel=f"social:{sociallogin.account.provider}")
                user._herald_onboarded = True  # type: ignore[attr-defined]
        if form is None:
            _accept_pending_invitation(request, user)
        return user


class HeraldMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds live encrypted at rest, like every Herald secret."""

    def encrypt(self, text: str) -> str:
        return crypto.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return crypto.decrypt(encrypted_text)
