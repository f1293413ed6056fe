"""Web forms for webhook endpoints; the services do the real validation."""

from __future__ import annotations

from django import forms

from organizations.webhooks.events import EVENT_TYPES


class WebhookEndpointForm(forms.Form):
    url = forms.CharField(
        label="Endpoint URL",
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/herald/webhooks"}),
    )
    description = forms.CharField(
        label="Description",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "e.g. CRM sync"}),
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=[(name, name) for name in EVENT_TYPES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave every box empty to receive all events.",
    )
