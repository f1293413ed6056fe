"""The provider interface every LLM backend implements (OpenAI, Anthropic, the offline writer).

Frozen dataclasses in and out, and three error kinds (STYLE rule 7): transient (retry, maybe on
the other provider), permanent (surface to the user), and outcome unknown is not a concern
here since a generation has no side effect on the provider's side beyond cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class ProviderName(StrEnum):
    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    OFFLINE = "offline"


class Tier(StrEnum):
    LARGE = "large"
    SMALL = "small"


@dataclass(frozen=True)
class Message:
    role: str  # "user" or "assistant"
    content: str


@dataclass(frozen=True)
class LLMRequest:
    """One generation. With `json_schema`, the provider must return JSON matching it."""

    system: str
    messages: tuple[Message, ...]
    model: str
    max_tokens: int = 1024
    temperature: float = 0.7
    json_schema: dict[str, Any] | None = None
    schema_name: str = "output"
    # What the offline writer needs to write without a model: the agent and its input.
    agent_slug: str = ""
    agent_input: dict[str, Any] = field(default_factory=dict)
    brand_voice: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class LLMResult:
    text: str
    data: dict[str, Any] | None
    provider: ProviderName
    model: str
    input_tokens: int
    output_tokens: int
    latency_ms: int
    raw_response: str = ""


class LLMError(Exception):
    """Base of provider errors; `retry_after` is the provider's hint in seconds, if any."""

    transient = False

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = None
    ):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after
        self.status = status


class TransientLLMError(LLMError):
    """Rate limits, 5xx, timeouts, connection errors: worth retrying, or another provider."""

    transient = True


class PermanentLLMError(LLMError):
    """Bad key, bad request, content refused: retrying will not help."""


class InvalidOutputError(PermanentLLMError):
    """Structured output that does not match the schema, even after one repair attempt."""


class Provider(Protocol):
    name: ProviderName

    def generate(self, request: LLMRequest) -> LLMResult: ...
