"""API shapes for the agent catalog and runs (names are unique across the project's schema)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agents.models import AgentCategory, AgentExecution

OFFLINE_LABEL = "offline writer"


class AgentSummaryOutput(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=AgentCategory.choices)
    description = serializers.CharField()
    capabilities = serializers.ListField(child=serializers.CharField())
    provider_tier = serializers.ChoiceField(
        choices=[("large", "large"), ("small", "small")],
        help_text="Large models for creative and strategic work, small ones for simple tasks.",
    )
    credit_operation = serializers.CharField(
        help_text="The billing operation each run is charged as."
    )
    credit_cost = serializers.SerializerMethodField(help_text="Credits charged per successful run.")
    version = serializers.IntegerField(source="current_version.number")

    def get_credit_cost(self, agent: Any) -> int | None:
        costs: dict[str, int] = self.context.get("costs", {})
        return costs.get(agent.credit_operation)


class AgentPageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AgentSummaryOutput(many=True)


class AgentDetailOutput(AgentSummaryOutput):
    input_schema = serializers.JSONField(
        source="current_version.input_schema", help_text="JSON Schema the run's `input` must match."
    )
    output_schema = serializers.JSONField(
        source="current_version.output_schema", help_text="JSON Schema every output matches."
    )
    example_input = serializers.JSONField(help_text="A valid input to start from.")


class AgentRunInput(serializers.Serializer):
    input = serializers.JSONField(
        help_text="The agent's input: an object matching its `input_schema` (see the agent)."
    )

    def validate_input(self, value: Any) -> Any:
        if not isinstance(value, dict):
            raise serializers.ValidationError("Send an object matching the agent's input schema.")
        return value


class AgentExecutionErrorOutput(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class AgentExecutionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    agent = serializers.SlugField(source="agent.slug")
    agent_name = serializers.CharField(source="agent.name")
    version = serializers.IntegerField(
        source="version.number", help_text="The prompt version it ran."
    )
    status = serializers.CharField(help_text="pending, running, succeeded or failed.")
    trigger = serializers.ChoiceField(choices=AgentExecution.Trigger.choices)
    input = serializers.JSONField()
    output = serializers.JSONField(allow_null=True, help_text="Set once the run succeeded.")
    provider = serializers.CharField(help_text="openai, anthropic or offline (empty until it ran).")
    provider_label = serializers.SerializerMethodField(
        help_text='How to label the output: "offline writer" for Herald\'s built-in writer.'
    )
    model = serializers.CharField()
    cached = serializers.BooleanField(
        help_text="Served from an identical recent run, at no charge."
    )
    credits_charged = serializers.IntegerField()
    duration_ms = serializers.IntegerField(allow_null=True)
    queue_ms = serializers.IntegerField(
        allow_null=True, help_text="Time spent waiting for a worker."
    )
    error = serializers.SerializerMethodField()
    actor_id = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)

    def get_provider_label(self, execution: AgentExecution) -> str:
        if execution.provider == "offline":
            return OFFLINE_LABEL
        return execution.provider

    @extend_schema_field(AgentExecutionErrorOutput(allow_null=True))
    def get_error(self, execution: AgentExecution) -> dict[str, str] | None:
        if execution.status != AgentExecution.Status.FAILED:
            return None
        return {"code": execution.error_code or "failed", "message": execution.error}


class AgentExecutionPageOutput(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = AgentExecutionOutput(many=True)
