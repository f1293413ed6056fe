"""Forms for the account pages: sign-up (allauth), profile and notification emails."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm
from allauth.core import context
from django import forms

from accounts.models import User
from accounts.services import NOTIFICATION_EMAIL_KINDS, TIMEZONES
from config.errors import DomainError
from organizations.services import invitation_for_token


class HeraldSignupForm(SignupForm):
    """allauth's sign-up form with the person's name first."""

    field_order = ["name", "email", "password1", "password2"]

    name = forms.CharField(
        label="Your name",
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": "Ada Lovelace", "autocomplete": "name"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and "email" in self.fields:
            invited = self._invited_email()
            if invited:
                self.fields["email"].initial = invited

    @staticmethod
    def _invited_email() -> str:
        """Someone arriving from an invitation signs up with the address it was sent to."""
        request = getattr(context, "request", None)
        token = request.session.get("invitation_token") if request is not None else None
        if not token:
            return ""
        try:
            return invitation_for_token(token=str(token)).email
        except DomainError:
            return ""

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError("Tell us your name.")
        return name


def _timezone_choices() -> list[tuple[str, str]]:
    return [(tz, tz.replace("_", " ")) for tz in sorted(TIMEZONES)]


class ProfileForm(forms.Form):
    name = forms.CharField(label="Name", max_length=150)
    timezone = forms.ChoiceField(
        label="Time zone",
        choices=_timezone_choices,
        help_text="Dates and times in Herald are shown in this time zone.",
    )
    avatar = forms.FileField(
        label="Avatar",
        required=False,
        help_text="PNG, JPEG, GIF or WebP, up to 2 MB.",
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label="Remove my avatar", required=False)

    @classmethod
    def for_user(cls, user: User, data: Any = None, files: Any = None) -> ProfileForm:
        return cls(data, files, initial={"name": user.name, "timezone": user.timezone})


class NotificationEmailForm(forms.Form):
    email_kinds = forms.MultipleChoiceField(
        label="Email me when",
        choices=list(NOTIFICATION_EMAIL_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
