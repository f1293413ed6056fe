"""OpenAI through its official SDK: the Chat Completions API.

Structured output uses `response_format={"type": "json_schema", ...}`
(https://platform.openai.com/docs/guides/structured-outputs), strict when the schema allows it;
the reply is validated here either way. `OPENAI_BASE_URL` is honoured, as the SDK does.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

import openai

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
    is_strict_compatible,
    parse_structured_text,
    schema_name,
)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
LABEL = "OpenAI"


@lru_cache(maxsize=32)
def _client(api_key: str, base_url: str, timeout: float) -> openai.OpenAI:
    """One SDK client per key and endpoint, reused across calls and threads (it pools
    connections; building one costs an SSL context). The SDK's own retries are off:
    Herald retries (agents/llm/retry.py)."""
    return openai.OpenAI(api_key=api_key, base_url=base_url, timeout=timeout, max_retries=0)


class OpenAIProvider(SdkProvider):
    name = ProviderName.OPENAI
    base_url_env = "OPENAI_BASE_URL"
    default_base_url = DEFAULT_BASE_URL

    @staticmethod
    def client(api_key: str, base_url: str, timeout: float) -> openai.OpenAI:
        return _client(api_key, base_url, timeout)

    def _generate_once(self, client: openai.OpenAI, request: LLMRequest) -> LLMResult:
        started = time.monotonic()
        try:
            completion = client.chat.completions.create(**_create_params(request))
        except openai.APITimeoutError as exc:
            raise LLMTimeoutError(
                f"{LABEL} did not answer within {self.timeout:g} seconds."
            ) from exc
        except openai.APIConnectionError as exc:
            raise TransientLLMError(f"Could not reach {LABEL}: {exc}") from exc
        except openai.APIStatusError as exc:
            body = exc.body if isinstance(exc.body, dict) else {}
            raise status_error(
                provider_label=LABEL,
                status=exc.status_code,
                detail=str(body.get("message") or ""),
                headers=exc.response.headers,
                model=request.model,
                error_code=exc.code,
            ) from exc
        except openai.OpenAIError as exc:
            raise PermanentLLMError(f"The {LABEL} request failed: {exc}") from exc
        latency_ms = int((time.monotonic() - started) * 1000)

        if not completion.choices:
            raise TransientLLMError(f"{LABEL} returned no choices.")
        message = completion.choices[0].message
        if message.refusal:
            raise PermanentLLMError(f"The {LABEL} model declined: {message.refusal[:500]}")
        text = message.content or ""
        usage = completion.usage
        input_tokens = usage.prompt_tokens if usage else 0
        output_tokens = usage.completion_tokens if usage else 0
        model = completion.model or request.model
        raw = completion.model_dump_json()
        data = None
        if request.json_schema is not None:
            data = parse_structured_text(
                text,
                request=request,
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
    messages: list[dict[str, str]] = []
    if request.system:
        messages.append({"role": "system", "content": request.system})
    messages.extend({"role": m.role, "content": m.content} for m in request.messages)
    params: dict[str, Any] = {
        "model": request.model,
        "messages": messages,
        "max_completion_tokens": request.max_tokens,
        "temperature": request.temperature,
    }
    if request.json_schema is not None:
        params["response_format"] = {
            "type": "json_schema",
            "json_schema": {
                "name": schema_name(request),
                "schema": request.json_schema,
                "strict": is_strict_compatible(request.json_schema),
            },
        }
    return params
