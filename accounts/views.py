"""Account settings in the app: profile, sign-in and security, notification emails."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors, services
from accounts.forms import NotificationEmailForm, ProfileForm
from accounts.models import User
from organizations.selectors import org_list_for_user

SECURITY_EVENTS_SHOWN = 15
EVENT_LABELS = {
    "auth.signed_up": "Account created",
    "auth.login": "Signed in",
    "auth.login_failed": "Failed sign-in attempt",
    "auth.password_changed": "Password changed",
    "auth.password_set": "Password set",
    "auth.password_reset": "Password reset by email",
    "auth.email_verified": "Email address confirmed",
    "auth.email_changed": "Email address changed",
    "auth.mfa_enabled": "Two-factor authentication turned on",
    "auth.mfa_disabled": "Two-factor authentication turned off",
    "auth.recovery_codes_regenerated": "New recovery codes generated",
    "org.deleted": "Organization deleted",
}


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _page(request: HttpRequest, **forms: Any) -> HttpResponse:
    user = _user(request)
    events = list(selectors.security_event_list(user=user)[:SECURITY_EVENTS_SHOWN])
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    context = {
        "profile_form": forms.get("profile_form") or ProfileForm.for_user(user),
        "notification_form": forms.get("notification_form")
        or NotificationEmailForm(
            initial={"email_kinds": sorted(selectors.notification_email_kinds(user=user))}
        ),
        "email_addresses": selectors.email_address_list(user=user),
        "mfa_enabled": selectors.mfa_enabled(user=user),
        "organizations": org_list_for_user(user=user),
        "security_events": events,
    }
    status = 400 if any(form.errors for form in forms.values()) else 200
    return render(request, "accounts/settings.html", context, status=status)


@login_required
@require_GET
def account_settings(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def profile_update(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ProfileForm.for_user(user, request.POST, request.FILES)
    if form.is_valid():
        try:
            services.user_profile_update(
                user=user,
                name=form.cleaned_data["name"],
                timezone=form.cleaned_data["timezone"],
                avatar=form.cleaned_data.get("avatar"),
                remove_avatar=form.cleaned_data["remove_avatar"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Your profile is saved.")
            return redirect("account-settings")
    return _page(request, profile_form=form)


@login_required
@require_POST
def notifications_update(request: HttpRequest) -> HttpResponse:
    form = NotificationEmailForm(request.POST)
    if form.is_valid():
        services.notification_preferences_update(
            user=_user(request), email_kinds=set(form.cleaned_data["email_kinds"])
        )
        messages.success(request, "Your email preferences are saved.")
        return redirect("account-settings")
    return _page(request, notification_form=form)
