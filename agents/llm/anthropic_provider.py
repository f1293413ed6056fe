"""Anthropic through its official SDK: the Messages API.

Structured output is a forced tool call: one tool whose `input_schema` is the request's JSON
schema and `tool_choice={"type": "tool", ...}`
(https://docs.anthropic.com/en/docs/build-with-claude/tool-use); the tool's input is validated
here. `ANTHROPIC_BASE_URL` is honoured, as the SDK does. The API version this SDK speaks has
no `temperature` parameter, so `LLMRequest.temperature` is not sent: the model's default applies.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import anthropic
from django.conf import settings

from agents.llm.base import (
    LLMRequest,
    LLMResult,
    PermanentLLMError,
    ProviderName,
    TransientLLMError,
)
from agents.llm.retry import LLMTimeoutError, call_with_retries, status_error
from agents.llm.structured import (
    check_schema,
    parse_structured_text,
    schema_name,
    validated_data,
)

DEFAULT_BASE_URL = "https://api.anthropic.com"
LABEL = "Anthropic"


@lru_cache(maxsize=32)
def _client(api_key: str, base_url: str, timeout: float) -> anthropic.Anthropic:
    """One SDK client per key and endpoint, reused across calls and threads (it pools
    connections; building one costs an SSL context). The SDK's own retries are off:
    Herald retries (agents/llm/retry.py)."""
    return anthropic.Anthropic(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)


class AnthropicProvider:
    name = ProviderName.ANTHROPIC

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_key = api_key
        # An empty ANTHROPIC_BASE_URL (as .env.example has it) means the default, not "".
        self.base_url = base_url or os.environ.get("ANTHROPIC_BASE_URL") or DEFAULT_BASE_URL
        self.timeout = timeout if timeout is not None else settings.LLM_TIMEOUT_SECONDS
        self.max_retries = max_retries if max_retries is not None else settings.LLM_MAX_RETRIES
        self.sleep = sleep

    def generate(self, request: LLMRequest) -> LLMResult:
        if request.json_schema is not None:
            check_schema(request.json_schema)
        # Herald retries (agents/llm/retry.py): the SDK's own retries are off. The key is passed
        # explicitly, so the SDK never falls back to credentials of the machine it runs on.
        client = _client(self.api_key, self.base_url, self.timeout)
        return call_with_retries(
            lambda: self._generate_once(client, request),
            max_retries=self.max_retries,
            sleep=self.sleep,
        )

    def _generate_once(self, client: anthropic.Anthropic, request: LLMRequest) -> LLMResult:
        started = time.monotonic()
        try:
            message = client.messages.create(**_create_params(request))
        except anthropic.APITimeoutError as exc:
            raise LLMTimeoutError(
                f"{LABEL} did not answer within {self.timeout:g} seconds."
            ) from exc
        except anthropic.APIConnectionError as exc:
            raise TransientLLMError(f"Could not reach {LABEL}: {exc}") from exc
        except anthropic.APIStatusError as exc:
            raise status_error(
                provider_label=LABEL,
                status=exc.status_code,
                detail=exc.api_message or "",
                headers=exc.response.headers,
                model=request.model,
            ) from exc
        except anthropic.AnthropicError as exc:
            raise PermanentLLMError(f"The {LABEL} request failed: {exc}") from exc
        latency_ms = int((time.monotonic() - started) * 1000)

        if message.stop_reason == "refusal":
            raise PermanentLLMError(f"The {LABEL} model declined to answer this request.")
        input_tokens = message.usage.input_tokens
        output_tokens = message.usage.output_tokens
        model = message.model or request.model
        raw = message.model_dump_json()
        text = "".join(block.text for block in message.content if block.type == "text")
        data = None
        if request.json_schema is not None:
            tool_input = next(
                (block.input for block in message.content if block.type == "tool_use"), None
            )
            if tool_input is None:
                data = parse_structured_text(
                    text,
                    request=request,
                    model=model,
                    input_tokens=input_tokens,
                    output_tokens=output_tokens,
                    raw_response=raw,
                )
            else:
                text = json.dumps(tool_input, ensure_ascii=False)
                data = validated_data(
                    tool_input,
                    request=request,
                    text=text,
                    model=model,
                    input_tokens=input_tokens,
                    output_tokens=output_tokens,
                    raw_response=raw,
                )
        return LLMResult(
            text=text,
            data=data,
            provider=self.name,
            model=model,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            latency_ms=latency_ms,
            raw_response=raw,
        )


def _create_params(request: LLMRequest) -> dict[str, Any]:
    params: dict[str, Any] = {
        "model": request.model,
        "max_tokens": request.max_tokens,
        "messages": [{"role": m.role, "content": m.content} for m in request.messages],
    }
    if request.system:
        params["system"] = request.system
    if request.json_schema is not None:
        name = schema_name(request)
        params["tools"] = [
            {
                "name": name,
                "description": "Return the result by calling this tool with it as the input.",
                "input_schema": request.json_schema,
            }
        ]
        params["tool_choice"] = {"type": "tool", "name": name}
    return params
