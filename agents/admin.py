"""Staff views of the agent catalog (prompts are versioned) and of every execution.

Editing an agent's prompt or schemas here makes a new AgentVersion through
`agent_version_create`; earlier executions keep pointing at the version they ran.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from accounts.models import User
from agents.models import AgentDefinition, AgentExecution, AgentVersion
from agents.services import agent_version_create

if importlib.util.find_spec("agents.llm.admin") is not None:
    importlib.import_module("agents.llm.admin")  # the LLM runtime's admin (calls, prices, keys)

PROMPT_FIELDS = ("system_prompt", "user_template", "input_schema", "output_schema")


class JSONTextField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            forms.Textarea(attrs={"rows": 16, "style": "font-family: monospace; width: 90%"}),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (dict, list)):
            return json.dumps(value, indent=2, ensure_ascii=False)
        return value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value) or ""
        try:
            parsed = json.loads(text)
        except ValueError as exc:
            raise ValidationError(f"Not valid JSON: {exc}") from exc
        if not isinstance(parsed, dict):
            raise ValidationError("A JSON Schema is an object.")
        try:
            Draft202012Validator.check_schema(parsed)
        except SchemaError as exc:
            raise ValidationError(f"Not a valid JSON Schema: {exc.message}") from exc
        return parsed


class AgentDefinitionForm(forms.ModelForm):
    system_prompt = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12, "style": "width: 90%"})
    )
    user_template = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6, "style": "width: 90%"}),
        help_text="The user message; {placeholders} are replaced by the input's fields.",
    )
    input_schema = JSONTextField()
    output_schema = JSONTextField()
    version_notes = forms.CharField(
        required=False,
        max_length=200,
        help_text="Why the prompt changed (kept on the new version).",
    )

    class Meta:
        model = AgentDefinition
        fields = (
            "slug",
            "name",
            "category",
            "description",
            "capabilities",
            "provider_tier",
            "pinned_provider",
            "pinned_model",
            "credit_operation",
            "enabled",
            "example_input",
            "sort_order",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        version = self.instance.current_version if self.instance.pk else None
        if version is not None:
            for name in PROMPT_FIELDS:
                self.initial[name] = getattr(version, name)


class AgentVersionInline(admin.TabularInline):
    model = AgentVersion
    extra = 0
    can_delete = False
    fields = ("number", "source", "notes", "created_by", "created_at")
    readonly_fields = fields
    ordering = ("-number",)
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AgentDefinition)
class AgentDefinitionAdmin(admin.ModelAdmin):
    form = AgentDefinitionForm
    list_display = (
        "name",
        "slug",
        "category",
        "provider_tier",
        "credit_operation",
        "enabled",
        "version",
    )
    list_filter = ("category", "enabled", "provider_tier", "credit_operation")
    search_fields = ("slug", "name", "description")
    list_select_related = ("current_version",)
    inlines = [AgentVersionInline]
    actions = ["enable", "disable"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "name",
                    "category",
                    "description",
                    "capabilities",
                    "enabled",
                    "sort_order",
                )
            },
        ),
        (
            "Model and cost",
            {"fields": ("provider_tier", "pinned_provider", "pinned_model", "credit_operation")},
        ),
        (
            "Prompt (saving a change makes a new version)",
            {
                "fields": (
                    "system_prompt",
                    "user_template",
                    "input_schema",
                    "output_schema",
                    "version_notes",
                    "example_input",
                )
            },
        ),
    )

    @admin.display(description="Version")
    def version(self, agent: AgentDefinition) -> str:
        return f"v{agent.current_version.number}" if agent.current_version else "—"

    def save_model(
        self, request: HttpRequest, obj: AgentDefinition, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        actor = request.user if isinstance(request.user, User) else None
        agent_version_create(
            agent=obj,
            actor=actor,
            system_prompt=form.cleaned_data["system_prompt"],
            user_template=form.cleaned_data["user_template"],
            input_schema=form.cleaned_data["input_schema"],
            output_schema=form.cleaned_data["output_schema"],
            notes=form.cleaned_data.get("version_notes", ""),
        )

    @admin.action(description="Enable the selected agents")
    def enable(self, request: HttpRequest, queryset: QuerySet[AgentDefinition]) -> None:
        queryset.update(enabled=True)

    @admin.action(description="Disable the selected agents (hidden from customers)")
    def disable(self, request: HttpRequest, queryset: QuerySet[AgentDefinition]) -> None:
        queryset.update(enabled=False)


@admin.register(AgentVersion)
class AgentVersionAdmin(admin.ModelAdmin):
    list_display = ("agent", "number", "source", "notes", "created_by", "created_at")
    list_filter = ("source", "agent")
    readonly_fields = [f.name for f in AgentVersion._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions are made by editing the agent

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AgentExecution)
class AgentExecutionAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "organization",
        "agent",
        "status",
        "trigger",
        "provider",
        "cached",
        "credits_charged",
        "duration_ms",
        "created_at",
    )
    list_filter = ("status", "agent", "organization", "trigger", "provider", "cached")
    search_fields = ("id", "organization__slug", "agent__slug", "error")
    list_select_related = ("organization", "agent")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AgentExecution._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # runs start through agent_run

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
