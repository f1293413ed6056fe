"""Anthropic through its official SDK: the Messages API.

Structured output is a forced tool call: one tool whose `input_schema` is the request's JSON
schema and `tool_choice={"type": "tool", ...}`
(https://docs.anthropic.com/en/docs/build-with-claude/tool-use); the tool's input is validated
here. `ANTHROPIC_BASE_URL` is honoured, as the SDK does. The API version this SDK speaks has
no `temperature` parameter, so `LLMRequest.temperature` is not sent: the model's default applies.
"""

from __future__ import annotations

import json
import time
from functools import lru_cache
from typing import Any

import anthropic

from agents.llm.base import (
    LLMRequest,
    LLMResult,
    PermanentLLMError,
    ProviderName,
    TransientLLMError,
)
from agents.llm.retry import LLMTimeoutError, status_error
from agents.llm.sdk import SdkProvider
from agents.llm.structured import (
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


class AnthropicProvider(SdkProvider):
    name = ProviderName.ANTHROPIC
    base_url_env = "ANTHROPIC_BASE_URL"
    default_base_url = DEFAULT_BASE_URL

    @staticmethod
    def client(api_key: str, base_url: str, timeout: float) -> anthropic.Anthropic:
        return _client(api_key, base_url, timeout)

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
