"""Staff views of the LLM runtime: the call log with its cost, model prices, org AI settings.

API keys are never shown: staff may replace or remove an organization's key, not read it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest
from django.template.response import TemplateResponse

from accounts.models import User
from agents.llm.models import LLMCall, ModelPrice, OrgAISettings
from agents.llm.services import org_ai_settings_update


@admin.register(LLMCall)
class LLMCallAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "created_at",
        "organization",
        "purpose",
        "provider",
        "model",
        "status",
        "input_tokens",
        "output_tokens",
        "cost",
        "latency_ms",
        "fallback_from",
        "byo_key",
    )
    list_filter = ("provider", "model", "status", "byo_key", "organization", "created_at")
    search_fields = ("purpose", "model", "organization__slug", "organization__name", "error")
    list_select_related = ("organization",)
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in LLMCall._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # the log is written by the runtime only

    def has_change_permission(self, request: HttpRequest, obj: LLMCall | None = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> Any:
        """The list, headed by the total cost of the filtered calls and its split by model."""
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if isinstance(response, TemplateResponse) and context and context.get("cl") is not None:
            context["subtitle"] = cost_summary(context["cl"].queryset)
        return response


def cost_summary(calls: QuerySet[LLMCall]) -> str:
    """E.g. "Total $1.234500 over 12 calls · openai/gpt-4o $1.000000", costliest first."""
    rows = list(
        calls.order_by()
        .values("provider", "model")
        .annotate(cost=Sum("cost"), calls=Count("id"))
        .order_by("-cost", "provider", "model")
    )
    total = sum((row["cost"] or Decimal("0") for row in rows), Decimal("0"))
    count = sum(row["calls"] for row in rows)
    parts = [f"Total ${total:.6f} over {count} call{'s' if count != 1 else ''}"]
    parts.extend(f"{row['provider']}/{row['model']} ${row['cost'] or 0:.6f}" for row in rows[:8])
    return " · ".join(parts)


@admin.register(ModelPrice)
class ModelPriceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("model", "input_per_million", "output_per_million", "updated_at")
    list_editable = ("input_per_million", "output_per_million")
    search_fields = ("model",)


class OrgAISettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    """Keys are write-only: empty leaves a key as it is, "remove" deletes it."""

    new_openai_api_key = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False), label="New OpenAI key"
    )
    remove_openai_api_key = forms.BooleanField(required=False, label="Remove the OpenAI key")
    new_anthropic_api_key = forms.CharField(
        required=False, widget=forms.PasswordInput(render_value=False), label="New Anthropic key"
    )
    remove_anthropic_api_key = forms.BooleanField(required=False, label="Remove the Anthropic key")

    class Meta:
        model = OrgAISettings
        fields = ("organization", "preferred_provider", "monthly_credit_budget")


@admin.register(OrgAISettings)
class OrgAISettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = OrgAISettingsForm
    list_display = (
        "organization",
        "preferred_provider",
        "has_openai_key",
        "has_anthropic_key",
        "monthly_credit_budget",
        "updated_at",
    )
    list_filter = ("preferred_provider",)
    search_fields = ("organization__slug", "organization__name")
    list_select_related = ("organization",)
    raw_id_fields = ("organization",)

    def get_readonly_fields(
        self, request: HttpRequest, obj: OrgAISettings | None = None
    ) -> tuple[str, ...]:
        return ("organization", "has_openai_key", "has_anthropic_key") if obj else ()

    @admin.display(boolean=True, description="Own OpenAI key")
    def has_openai_key(self, obj: OrgAISettings) -> bool:
        return bool(obj.openai_api_key)

    @admin.display(boolean=True, description="Own Anthropic key")
    def has_anthropic_key(self, obj: OrgAISettings) -> bool:
        return bool(obj.anthropic_api_key)

    def save_model(self, request: HttpRequest, obj: OrgAISettings, form: Any, change: bool) -> None:
        data = form.cleaned_data
        keys: dict[str, str | None] = {}
        for provider in ("openai", "anthropic"):
            if data.get(f"remove_{provider}_api_key"):
                keys[f"{provider}_api_key"] = ""
            elif data.get(f"new_{provider}_api_key"):
                keys[f"{provider}_api_key"] = data[f"new_{provider}_api_key"]
            else:
                keys[f"{provider}_api_key"] = None
        saved = org_ai_settings_update(
            org=obj.organization,
            actor=request.user if isinstance(request.user, User) else None,
            preferred_provider=obj.preferred_provider,
            monthly_credit_budget=obj.monthly_credit_budget,
            **keys,
        )
        obj.pk = saved.pk
