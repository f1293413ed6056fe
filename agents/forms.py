"""Run forms built from an agent's input JSON Schema, and the AI settings form.

The form only turns what the browser sends into the JSON the agent expects; the agent's own
schema (checked by `agent_run`) stays the single source of what is valid.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django import forms

from agents.llm.models import OrgAISettings

VOICE = "brand_voice"
VOICE_FIELDS = ("brand_name", "tone", "words_to_use", "words_to_avoid", "emoji", "audience")
LIST_HELP = "One per line."
JSON_HELP = "JSON, as in the example."


def ordered_properties(schema: dict[str, Any]) -> list[tuple[str, Any]]:
    """Properties in their intended order (`x-order`), then any others."""
    props: dict[str, Any] = schema.get("properties") or {}
    order = [k for k in schema.get("x-order", []) if k in props]
    return [(k, props[k]) for k in [*order, *(k for k in props if k not in order)]]


def _label(name: str, schema: dict[str, Any]) -> str:
    return name.replace("_", " ").capitalize()


def _is_list_of_strings(schema: dict[str, Any]) -> bool:
    items = schema.get("items") or {}
    return schema.get("type") == "array" and items.get("type") == "string" and "enum" not in items


def _field_for(name: str, schema: dict[str, Any], required: bool) -> forms.Field:
    help_text = str(schema.get("description", ""))
    common: dict[str, Any] = {
        "label": _label(name, schema),
        "required": required,
        "help_text": help_text,
    }
    kind = schema.get("type")
    if kind == "string" and "enum" in schema:
        choices = [(v, str(v).replace("_", " ")) for v in schema["enum"]]
        if not required:
            choices = [("", "—"), *choices]
        return forms.ChoiceField(choices=choices, **common)
    if kind == "string" and schema.get("format") == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if kind == "string":
        multiline = schema.get("x-widget") == "textarea"
        widget = forms.Textarea(attrs={"rows": 5}) if multiline else forms.TextInput()
        return forms.CharField(
            widget=widget, max_length=schema.get("maxLength"), strip=True, **common
        )
    if kind == "integer":
        return forms.IntegerField(
            min_value=schema.get("minimum"), max_value=schema.get("maximum"), **common
        )
    if kind == "number":
        return forms.FloatField(
            min_value=schema.get("minimum"), max_value=schema.get("maximum"), **common
        )
    if kind == "boolean":
        return forms.BooleanField(**{**common, "required": False})
    if kind == "array" and (schema.get("items") or {}).get("enum"):
        options = schema["items"]["enum"]
        return forms.MultipleChoiceField(
            choices=[(v, str(v).replace("_", " ")) for v in options],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if _is_list_of_strings(schema):
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 3}),
            **{**common, "help_text": f"{help_text} {LIST_HELP}".strip()},
        )
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "class": "code"}),
        **{**common, "help_text": f"{help_text} {JSON_HELP}".strip()},
    )


class AgentRunForm(forms.Form):
    """A form with one field per input property; the brand voice gets its own small group."""

    def __init__(self, schema: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schema = schema
        required = set(schema.get("required", []))
        self.voice_fields: list[str] = []
        for name, prop in ordered_properties(schema):
            if name == VOICE:
                voice_order = [k for k, _ in ordered_properties(prop)] or list(VOICE_FIELDS)
                for sub in voice_order:
                    sub_schema = (prop.get("properties") or {}).get(sub)
                    if sub_schema:
                        field_name = f"{VOICE}__{sub}"
                        self.fields[field_name] = _field_for(sub, sub_schema, False)
                        self.voice_fields.append(field_name)
                continue
            self.fields[name] = _field_for(name, prop, name in required)

    @classmethod
    def initial_from(cls, schema: dict[str, Any], example: dict[str, Any]) -> dict[str, Any]:
        """Form initial values from an input object (the agent's example, or a past run)."""
        initial: dict[str, Any] = {}
        props = schema.get("properties") or {}
        for name, value in example.items():
            if name == VOICE and isinstance(value, dict):
                for sub, sub_value in value.items():
                    initial[f"{VOICE}__{sub}"] = (
                        "\n".join(sub_value) if isinstance(sub_value, list) else sub_value
                    )
                continue
            prop = props.get(name) or {}
            if _is_list_of_strings(prop):
                initial[name] = "\n".join(str(v) for v in value)
            elif prop.get("type") in ("array", "object") and not (prop.get("items") or {}).get(
                "enum"
            ):
                initial[name] = json.dumps(value, indent=2, ensure_ascii=False)
            else:
                initial[name] = value
        return initial

    def field_groups(self) -> tuple[list[forms.BoundField], list[forms.BoundField]]:
        main = [self[name] for name in self.fields if name not in self.voice_fields]
        return main, [self[name] for name in self.voice_fields]

    def agent_input(self) -> dict[str, Any]:
        """The cleaned form as the agent's JSON input (empty optional fields left out)."""
        props = self.schema.get("properties") or {}
        data: dict[str, Any] = {}
        voice: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith(f"{VOICE}__"):
                sub = name.split("__", 1)[1]
                sub_schema = ((props.get(VOICE) or {}).get("properties") or {}).get(sub, {})
                converted = self._convert(name, sub_schema, value)
                if converted not in (None, "", []):
                    voice[sub] = converted
                continue
            converted = self._convert(name, props.get(name) or {}, value)
            if converted is None or (
                converted in ("", []) and name not in self.schema.get("required", [])
            ):
                continue
            data[name] = converted
        if voice:
            data[VOICE] = voice
        return data

    def _convert(self, name: str, schema: dict[str, Any], value: Any) -> Any:
        kind = schema.get("type")
        if value is None:
            return None
        if isinstance(value, date):
            return value.isoformat()
        if kind == "boolean":
            return bool(value)
        if kind == "array" and (schema.get("items") or {}).get("enum"):
            return list(value)
        if _is_list_of_strings(schema):
            return [line.strip() for line in str(value).splitlines() if line.strip()]
        if kind in ("array", "object"):
            if value == "":
                return None
            try:
                return json.loads(value)
            except ValueError:
                self.add_error(name, "This is not valid JSON.")
                return None
        return value

    def add_service_errors(self, fields: dict[str, list[str]]) -> None:
        """Show the agent's validation errors ("input.topic") next to the right field."""
        for key, messages in fields.items():
            parts = key.split(".")
            name = parts[1] if len(parts) > 1 and parts[0] == "input" else key
            if name == VOICE and len(parts) > 2:
                name = f"{VOICE}__{parts[2]}"
            target = name if name in self.fields else None
            for message in messages:
                prefix = "" if target or len(parts) <= 2 else f"{'.'.join(parts[1:])}: "
                self.add_error(target, f"{prefix}{message}")


class OrgAISettingsForm(forms.Form):
    preferred_provider = forms.ChoiceField(
        choices=OrgAISettings.Preferred.choices,
        help_text="Automatic sends strategy and analysis to Anthropic and creative work to OpenAI.",
    )
    openai_api_key = forms.CharField(
        required=False,
        label="OpenAI API key",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Leave empty to keep the current key. Keys are stored encrypted and never shown.",
    )
    remove_openai_api_key = forms.BooleanField(required=False, label="Remove the OpenAI key")
    anthropic_api_key = forms.CharField(
        required=False,
        label="Anthropic API key",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Leave empty to keep the current key.",
    )
    remove_anthropic_api_key = forms.BooleanField(required=False, label="Remove the Anthropic key")
    monthly_credit_budget = forms.IntegerField(
        required=False,
        min_value=0,
        label="Monthly AI credit budget",
        help_text="Credits agent runs may spend each month. Leave empty for no cap.",
    )

    def key_value(self, provider: str) -> str | None:
        """None keeps the stored key, "" removes it, anything else replaces it."""
        if self.cleaned_data.get(f"remove_{provider}_api_key"):
            return ""
        return self.cleaned_data.get(f"{provider}_api_key") or None
