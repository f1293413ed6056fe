"""Structured output: checking a reply against the request's JSON schema, and asking for a repair.

A provider that gets a reply not matching the schema raises `OutputMismatchError`, carrying the
reply and its token usage so the call is still recorded and priced; the router then asks the same
model once more with the validation error (`repair_request`), and gives up with
`InvalidOutputError` if that reply does not match either.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, best_match

from agents.llm.base import InvalidOutputError, LLMRequest, Message, PermanentLLMError

REPAIR_ECHO_MAX_CHARS = 8_000
_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)
_SCHEMA_NAME = re.compile(r"[^a-zA-Z0-9_-]")
# Keywords OpenAI's strict mode does not support (its structured outputs guide).
_STRICT_UNSUPPORTED = frozenset(
    {
        "minLength",
        "maxLength",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "patternProperties",
        "contains",
        "not",
        "if",
        "then",
        "else",
        "dependentRequired",
        "dependentSchemas",
    }
)


class OutputMismatchError(InvalidOutputError):
    """A reply that is not JSON matching the schema; `reason` says where it went wrong."""

    def __init__(
        self,
        reason: str,
        *,
        text: str,
        model: str,
        input_tokens: int,
        output_tokens: int,
        raw_response: str = "",
    ) -> None:
        super().__init__(f"The output did not match the expected format: {reason}")
        self.reason = reason
        self.text = text
        self.model = model
        self.input_tokens = input_tokens
        self.output_tokens = output_tokens
        self.raw_response = raw_response


def schema_name(request: LLMRequest) -> str:
    """The schema's name as both APIs accept it: ^[a-zA-Z0-9_-]{1,64}$."""
    return (_SCHEMA_NAME.sub("_", request.schema_name) or "output")[:64]


def check_schema(schema: dict[str, Any]) -> None:
    """A broken schema is Herald's bug, not the model's: fail before spending a call."""
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise PermanentLLMError(f"The output schema is invalid: {exc.message}") from exc


def mismatch_reason(data: Any, schema: dict[str, Any]) -> str | None:
    """None when `data` matches `schema`, else the most relevant validation error."""
    if not isinstance(data, dict):
        return f"expected a JSON object, got {type(data).__name__}"
    error = best_match(Draft202012Validator(schema).iter_errors(data))
    if error is None:
        return None
    return f"at {error.json_path}: {error.message}"


def parse_json_reply(text: str) -> Any:
    """The JSON in a reply; tolerates a Markdown code fence around it. Raises ValueError."""
    stripped = text.strip()
    fenced = _FENCE.match(stripped)
    return json.loads(fenced.group(1) if fenced else stripped)


def validated_data(
    data: Any,
    *,
    request: LLMRequest,
    text: str,
    model: str,
    input_tokens: int,
    output_tokens: int,
    raw_response: str = "",
) -> dict[str, Any]:
    """`data` when it matches the request's schema; raises OutputMismatchError otherwise."""
    assert request.json_schema is not None
    reason = mismatch_reason(data, request.json_schema)
    if reason is not None:
        raise OutputMismatchError(
            reason,
            text=text,
            model=model,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            raw_response=raw_response,
        )
    assert isinstance(data, dict)
    return data


def parse_structured_text(
    text: str,
    *,
    request: LLMRequest,
    model: str,
    input_tokens: int,
    output_tokens: int,
    raw_response: str = "",
) -> dict[str, Any]:
    """Parse a text reply as JSON and validate it against the request's schema."""
    try:
        data = parse_json_reply(text)
    except ValueError as exc:
        raise OutputMismatchError(
            f"not valid JSON ({exc})",
            text=text,
            model=model,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            raw_response=raw_response,
        ) from exc
    return validated_data(
        data,
        request=request,
        text=text,
        model=model,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        raw_response=raw_response,
    )


def repair_request(request: LLMRequest, error: OutputMismatchError) -> LLMRequest:
    """The same request, followed by the bad reply and what was wrong with it."""
    messages = (
        *request.messages,
        Message(role="assistant", content=error.text[:REPAIR_ECHO_MAX_CHARS] or "(empty reply)"),
        Message(
            role="user",
            content=(
                "Your previous reply did not match the required JSON schema: "
                f"{error.reason}. Reply again with only the corrected JSON object, "
                "matching the schema exactly."
            ),
        ),
    )
    return replace(request, messages=messages)


def is_strict_compatible(schema: Any) -> bool:
    """Whether OpenAI's strict structured outputs accept `schema` as it is.

    Strict mode needs every object to list all its properties as required and to forbid others
    (https://platform.openai.com/docs/guides/structured-outputs#supported-schemas); other
    schemas are sent non-strict and still validated here.
    """
    if not isinstance(schema, dict):
        return True
    if _STRICT_UNSUPPORTED & schema.keys():
        return False
    if schema.get("type") == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        if schema.get("additionalProperties") is not False:
            return False
        if set(schema.get("required", [])) != set(properties):
            return False
    subschemas: list[Any] = []
    for key in ("properties", "$defs", "definitions"):
        subschemas.extend(schema.get(key, {}).values())
    for key in ("items", "anyOf", "allOf", "oneOf", "prefixItems"):
        value = schema.get(key)
        subschemas.extend(value if isinstance(value, list) else [value] if value else [])
    return all(is_strict_compatible(sub) for sub in subschemas)
