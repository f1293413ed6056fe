"""The agent catalog and its executions log; the LLM runtime's models live in agents/llm/.

An agent is data: its prompt, input and output schemas are kept in immutable `AgentVersion`
rows, so editing a prompt makes a new version and every execution records the version it ran.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from agents.llm.base import Tier
from agents.llm.models import LLMCall, ModelPrice, OrgAISettings
from organizations.models import OrgScopedModel

__all__ = [
    "AgentCategory",
    "AgentDefinition",
    "AgentExecution",
    "AgentVersion",
    "LLMCall",
    "ModelPrice",
    "OrgAISettings",
]


class AgentCategory(models.TextChoices):
    """The five families of seed 000's catalog."""

    CONTENT_CREATION = "content_creation", "Content creation"
    ANALYTICS = "analytics", "Analytics"
    ENGAGEMENT = "engagement", "Engagement"
    STRATEGY = "strategy", "Strategy"
    ADMIN_QA = "admin_qa", "Admin & QA"


# The billing CreditCost operations an agent run may be charged as (billing/catalog.py).
CREDIT_OPERATIONS = [
    ("blog", "Blog"),
    ("carousel", "Carousel"),
    ("social_caption", "Social caption"),
    ("comment_reply", "Comment reply"),
    ("image", "Image"),
    ("video", "Video"),
    ("competitor_analysis", "Competitor analysis"),
    ("strategy", "Strategy"),
]


class AgentDefinition(models.Model):
    """One agent of the catalog, shared by every organization."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=20, choices=AgentCategory.choices, db_index=True)
    description = models.TextField()
    capabilities = models.JSONField(default=list, blank=True, help_text="A list of short phrases.")
    provider_tier = models.CharField(
        max_length=10,
        choices=[(t.value, t.value.title()) for t in Tier],
        default=Tier.LARGE.value,
        help_text="Large for creative and strategic work, small for simple tasks.",
    )
    pinned_provider = models.CharField(
        max_length=20,
        blank=True,
        choices=[("openai", "OpenAI"), ("anthropic", "Anthropic")],
        help_text="Optional: the provider this agent prefers when the organization is on auto.",
    )
    pinned_model = models.CharField(
        max_length=100, blank=True, help_text="Optional: the model to use with the pinned provider."
    )
    credit_operation = models.CharField(
        max_length=50,
        choices=CREDIT_OPERATIONS,
        help_text="The credit cost charged for each successful run.",
    )
    enabled = models.BooleanField(default=True)
    example_input = models.JSONField(
        default=dict, blank=True, help_text="Prefills the run form; a valid input."
    )
    sort_order = models.PositiveSmallIntegerField(default=100)
    current_version = models.ForeignKey(
        "AgentVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The version new runs use.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class AgentVersion(models.Model):
    """An immutable prompt + schemas of one agent. New edits make a new row."""

    class Source(models.TextChoices):
        CATALOG = "catalog", "Shipped catalog"
        STAFF = "staff", "Edited by staff"

    agent = models.ForeignKey(AgentDefinition, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    system_prompt = models.TextField()
    user_template = models.TextField(help_text="The user message, with {placeholders} for input.")
    input_schema = models.JSONField(help_text="JSON Schema (2020-12) the input must match.")
    output_schema = models.JSONField(help_text="JSON Schema (2020-12) the output must match.")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CATALOG)
    catalog_hash = models.CharField(
        max_length=64, blank=True, help_text="Digest of the shipped definition it came from."
    )
    notes = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agent", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "number"], name="agent_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.agent.slug} v{self.number}"


class AgentExecution(OrgScopedModel):
    """One run of an agent for an organization: what went in, what came out, what it cost."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    class Trigger(models.TextChoices):
        USER = "user", "User"
        API = "api", "API"
        TASK = "task", "Task"
        ENGINE = "engine", "Agentic engine"

    agent = models.ForeignKey(AgentDefinition, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(AgentVersion, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.USER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    input = models.JSONField()
    output = models.JSONField(null=True, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    model = models.CharField(max_length=100, blank=True)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error_code = models.CharField(max_length=50, blank=True)
    error = models.TextField(blank=True)
    credits_charged = models.PositiveIntegerField(default=0)
    cached = models.BooleanField(default=False)
    cached_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Digest of version + canonical input (brand voice included): identical requests share it.
    cache_key = models.CharField(max_length=64)
    # NULL (not "") when absent, so the per-org unique constraint ignores keyless rows.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="agent_execution_idempotency_key_unique_per_org",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="agentexec_org_created"),
            models.Index(fields=["organization", "cache_key"], name="agentexec_org_cache_key"),
            models.Index(fields=["status", "started_at"], name="agentexec_status_started"),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} run {self.pk} ({self.status})"

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def is_offline(self) -> bool:
        return self.provider == "offline"

    @property
    def queue_ms(self) -> int | None:
        if self.started_at is None:
            return None
        return int((self.started_at - self.created_at).total_seconds() * 1000)
