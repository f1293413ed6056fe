"""Web forms for organization pages. They parse input; the services do the real validation."""

from __future__ import annotations

from typing import Any

from django import forms

from organizations.models import API_KEY_ROLE_CHOICES, Role

# The zones most teams pick, grouped by region. Any other valid zone (set through the API,
# say) is added to the list for that organization, and the service validates whatever is sent.
COMMON_TIMEZONES: dict[str, list[str]] = {
    "Universal": ["UTC"],
    "Americas": [
        "Pacific/Honolulu",
        "America/Anchorage",
        "America/Los_Angeles",
        "America/Vancouver",
        "America/Phoenix",
        "America/Denver",
        "America/Chicago",
        "America/Mexico_City",
        "America/Bogota",
        "America/Lima",
        "America/New_York",
        "America/Toronto",
        "America/Halifax",
        "America/Santiago",
        "America/Sao_Paulo",
        "America/Argentina/Buenos_Aires",
    ],
    "Europe and Africa": [
        "Atlantic/Reykjavik",
        "Europe/London",
        "Europe/Dublin",
        "Europe/Lisbon",
        "Africa/Lagos",
        "Europe/Madrid",
        "Europe/Paris",
        "Europe/Brussels",
        "Europe/Amsterdam",
        "Europe/Berlin",
        "Europe/Zurich",
        "Europe/Rome",
        "Europe/Stockholm",
        "Europe/Warsaw",
        "Africa/Johannesburg",
        "Africa/Cairo",
        "Europe/Athens",
        "Europe/Helsinki",
        "Europe/Istanbul",
        "Africa/Nairobi",
        "Europe/Moscow",
    ],
    "Asia and Pacific": [
        "Asia/Dubai",
        "Asia/Karachi",
        "Asia/Kolkata",
        "Asia/Dhaka",
        "Asia/Bangkok",
        "Asia/Jakarta",
        "Asia/Singapore",
        "Asia/Hong_Kong",
        "Asia/Shanghai",
        "Asia/Manila",
        "Asia/Seoul",
        "Asia/Tokyo",
        "Australia/Perth",
        "Australia/Adelaide",
        "Australia/Brisbane",
        "Australia/Sydney",
        "Pacific/Auckland",
    ],
}
_COMMON = {tz for zones in COMMON_TIMEZONES.values() for tz in zones}

TimezoneChoices = list[tuple[str, list[tuple[str, str]]]]


def timezone_choices(current: str = "") -> TimezoneChoices:
    choices: TimezoneChoices = [
        (region, [(tz, tz.replace("_", " ")) for tz in zones])
        for region, zones in COMMON_TIMEZONES.items()
    ]
    if current and current not in _COMMON:
        choices.insert(0, ("Current", [(current, current.replace("_", " "))]))
    return choices


def _timezone_field() -> forms.CharField:
    # A CharField with a select: the list helps, the service decides what is a valid zone.
    return forms.CharField(
        label="Time zone",
        max_length=64,
        widget=forms.Select(choices=timezone_choices()),
        help_text="Scheduling, reports and the calendar use this time zone.",
    )


class _TimezoneFormMixin(forms.Form):
    def show_timezone(self, current: str) -> None:
        """Make sure the select lists `current` (the org's zone, or what was submitted)."""
        widget = self.fields["timezone"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = timezone_choices(current)


class OrganizationCreateForm(_TimezoneFormMixin):
    name = forms.CharField(
        label="Organization name",
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "Acme Marketing", "autofocus": True}),
    )
    slug = forms.CharField(
        label="URL name",
        max_length=60,
        required=False,
        help_text="Used in links, e.g. /app/acme/. Leave empty to derive it from the name.",
    )
    timezone = _timezone_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_timezone(str(self["timezone"].value() or ""))


class OrganizationSettingsForm(_TimezoneFormMixin):
    name = forms.CharField(label="Organization name", max_length=120)
    slug = forms.CharField(
        label="URL name",
        max_length=60,
        help_text="Changing it changes every link to this organization; old links stop working.",
    )
    timezone = _timezone_field()
    require_approval = forms.BooleanField(
        label="Posts by members wait for an admin's approval",
        required=False,
    )

    def __init__(self, *args: Any, read_only: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.show_timezone(str(self["timezone"].value() or ""))
        if read_only:
            for field in self.fields.values():
                field.disabled = True


class OrganizationDeleteForm(forms.Form):
    confirm = forms.CharField(
        label="Type the organization's URL name to confirm",
        max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


def role_choices(*, actor_role: Role) -> list[tuple[str, str]]:
    """The roles someone may hand out: only owners see the owner option."""
    if actor_role == Role.OWNER:
        return list(Role.choices)
    return [(value, label) for value, label in Role.choices if value != Role.OWNER]


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"placeholder": "teammate@example.com"}),
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.MEMBER)

    def __init__(self, *args: Any, actor_role: Role, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = role_choices(actor_role=actor_role)


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "e.g. Zapier, CRM sync"}),
        help_text="Name it after what uses it, so you know what breaks if you revoke it.",
    )
    role = forms.ChoiceField(
        label="Acts as",
        choices=API_KEY_ROLE_CHOICES,
        initial=Role.MEMBER,
        help_text="A key never acts as owner.",
    )


AUDIT_ACTION_PREFIXES = [
    ("org.", "Organization"),
    ("member.", "Members"),
    ("invitation.", "Invitations"),
    ("api_key.", "API keys"),
    ("webhook.", "Webhooks"),
    ("billing.", "Billing"),
]


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label="Action starts with",
        max_length=80,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": "e.g. member. or invitation.created", "list": "audit-actions"}
        ),
    )
