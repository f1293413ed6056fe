"""What the LLM runtime stores: every call, the price list, and each org's AI settings.

These models belong to the `agents` app (agents/models.py imports them); the runtime itself
sits below the agent catalog, so an agent execution is referenced by id only.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from agents.llm.base import ProviderName
from config.crypto import EncryptedTextField
from organizations.models import Organization, OrgScopedModel

PROVENANCE_MAX_CHARS = 20_000


class LLMCall(OrgScopedModel):
    """One request to a provider (its retries included): who asked, what it cost, what came back."""

    class Status(models.TextChoices):
        OK = "ok", "OK"
        ERROR = "error", "Error"

    purpose = models.CharField(
        max_length=100, help_text="What the call was for, e.g. an agent's slug."
    )
    # The agent run this call served, if any. A string reference: the runtime does not import
    # the catalog above it, and a call (a cost) outlives the execution it served.
    execution = models.ForeignKey(
        "agents.AgentExecution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="llm_calls",
    )
    provider = models.CharField(max_length=20, choices=[(p.value, p.value) for p in ProviderName])
    model = models.CharField(max_length=100)
    byo_key = models.BooleanField(
        default=False, help_text="Made with the organization's own API key."
    )
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(
        max_digits=12, decimal_places=6, default=Decimal("0"), help_text="USD."
    )
    latency_ms = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices)
    error = models.TextField(blank=True)
    fallback_from = models.CharField(
        max_length=20,
        blank=True,
        choices=[(p.value, p.value) for p in ProviderName],
        help_text="The provider that failed before this one was tried.",
    )
    prompt = models.TextField(blank=True)
    response = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "created_at"], name="llmcall_org_created"),
            models.Index(fields=["provider", "model"], name="llmcall_provider_model"),
        ]
        verbose_name = "LLM call"

    def __str__(self) -> str:
        return f"{self.provider}/{self.model} for {self.purpose} ({self.status})"


class ModelPrice(models.Model):
    """USD per million tokens. A model name also prices its dated snapshots (gpt-4o-2024-08-06)."""

    model = models.CharField(max_length=100, unique=True)
    input_per_million = models.DecimalField(max_digits=10, decimal_places=4)
    output_per_million = models.DecimalField(max_digits=10, decimal_places=4)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["model"]

    def __str__(self) -> str:
        return f"{self.model}: ${self.input_per_million} in, ${self.output_per_million} out /1M"


class OrgAISettings(OrgScopedModel):
    """An organization's provider preference and bring-your-own keys (encrypted at rest)."""

    class Preferred(models.TextChoices):
        AUTO = "auto", "Automatic (best provider per task)"
        OPENAI = "openai", "OpenAI"
        ANTHROPIC = "anthropic", "Anthropic"
        OFFLINE = "offline", "Offline writer"

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, related_name="+")
    preferred_provider = models.CharField(
        max_length=20, choices=Preferred.choices, default=Preferred.AUTO
    )
    openai_api_key = EncryptedTextField(blank=True, default="")
    anthropic_api_key = EncryptedTextField(blank=True, default="")
    monthly_credit_budget = models.PositiveIntegerField(
        null=True, blank=True, help_text="Credits AI work may spend per month; empty: no cap."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "organization AI settings"
        verbose_name_plural = "organization AI settings"

    def __str__(self) -> str:
        return f"AI settings of {self.organization_id}"
