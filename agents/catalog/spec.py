"""How a shipped agent is written down, and the JSON Schema pieces the catalog shares."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from agents.offline.phrasing import HOOK_STYLES, STYLES
from agents.offline.platforms import PLATFORM_CHOICES, PLATFORMS


@dataclass(frozen=True)
class AgentSpec:
    slug: str
    name: str
    category: str
    description: str
    capabilities: tuple[str, ...]
    tier: str  # "large" | "small"
    credit_operation: str
    system_prompt: str
    user_template: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    example_input: dict[str, Any]
    sort_order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)

    def prompt_hash(self) -> str:
        """Digest of what a version is made of: a change here means a new version."""
        payload = {
            "system": self.system_prompt,
            "user": self.user_template,
            "input": self.input_schema,
            "output": self.output_schema,
        }
        encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()


# --- Schema building blocks ---------------------------------------------------------------------


def string(
    description: str, *, max_length: int = 200, min_length: int = 0, **extra: Any
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "description": description, "maxLength": max_length}
    if min_length:
        schema["minLength"] = min_length
    schema.update(extra)
    return schema


def text(description: str, *, max_length: int = 5000, min_length: int = 1) -> dict[str, Any]:
    """A long string: the run form shows a text area for it."""
    return string(
        description, max_length=max_length, min_length=min_length, **{"x-widget": "textarea"}
    )


def integer(
    description: str, *, minimum: int, maximum: int, default: int | None = None
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "integer",
        "description": description,
        "minimum": minimum,
        "maximum": maximum,
    }
    if default is not None:
        schema["default"] = default
    return schema


def number(
    description: str, *, minimum: float | None = 0, maximum: float | None = None
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "number", "description": description}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def boolean(description: str, default: bool) -> dict[str, Any]:
    return {"type": "boolean", "description": description, "default": default}


def choice(
    description: str, options: list[str] | tuple[str, ...], default: str | None = None
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "description": description, "enum": list(options)}
    if default is not None:
        schema["default"] = default
    return schema


def strings(
    description: str, *, max_items: int = 10, max_length: int = 200, min_items: int = 0
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "array",
        "description": description,
        "items": {"type": "string", "maxLength": max_length},
        "maxItems": max_items,
    }
    if min_items:
        schema["minItems"] = min_items
    return schema


def choices(
    description: str,
    options: list[str] | tuple[str, ...],
    *,
    min_items: int = 0,
    default: list[str] | None = None,
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "array",
        "description": description,
        "items": {"type": "string", "enum": list(options)},
        "uniqueItems": True,
        "maxItems": len(options),
    }
    if min_items:
        schema["minItems"] = min_items
    if default is not None:
        schema["default"] = default
    return schema


def objects(
    description: str, item: dict[str, Any], *, min_items: int = 0, max_items: int = 100
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "array",
        "description": description,
        "items": item,
        "maxItems": max_items,
    }
    if min_items:
        schema["minItems"] = min_items
    return schema


def obj(
    properties: dict[str, Any], required: list[str] | None = None, description: str = ""
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


BRAND_VOICE = obj(
    {
        "brand_name": string("The brand's name, as it should be written.", max_length=80),
        "tone": string("e.g. friendly, professional, playful, bold, empathetic.", max_length=60),
        "words_to_use": strings("Words the brand wants heard.", max_items=20, max_length=40),
        "words_to_avoid": strings("Words the brand never uses.", max_items=30, max_length=40),
        "emoji": choice("Emoji policy.", ["none", "light", "lots"], "light"),
        "audience": string("Who the brand talks to.", max_length=120),
    },
    required=[],
    description="How the brand sounds. Content agents honour it; checkers test against it.",
)


def input_schema(
    properties: dict[str, Any], required: list[str], *, voice: bool = True
) -> dict[str, Any]:
    """An agent's input. `x-order` keeps the fields' order for forms (PostgreSQL's jsonb sorts
    object keys); input schemas are only checked by Herald, never sent to a provider."""
    props = dict(properties)
    if voice:
        props["brand_voice"] = {**BRAND_VOICE, "x-order": list(BRAND_VOICE["properties"])}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **obj(props, required),
        "x-order": list(props),
    }


def output_schema(properties: dict[str, Any]) -> dict[str, Any]:
    """Every property required, nothing else allowed (what strict structured output expects)."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **obj(properties)}


def out_str(description: str = "") -> dict[str, Any]:
    return {"type": "string", "description": description} if description else {"type": "string"}


def out_strs(description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
    if description:
        schema["description"] = description
    return schema


def out_num(
    description: str = "", minimum: float | None = None, maximum: float | None = None
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "number"}
    if description:
        schema["description"] = description
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def out_int(description: str = "", minimum: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer"}
    if description:
        schema["description"] = description
    if minimum is not None:
        schema["minimum"] = minimum
    return schema


OUT_BOOL: dict[str, Any] = {"type": "boolean"}

PLATFORM = choice("Social network.", PLATFORM_CHOICES, "instagram")
PLATFORM_LIST = choices(
    "Social networks to write for.", PLATFORM_CHOICES, min_items=1, default=["instagram"]
)
STYLE = choice("Overall style of the copy.", STYLES, "engaging")
HOOK_STYLE = choice("Style of the opening line.", HOOK_STYLES)
HOOK_STYLE_NAMES = list(HOOK_STYLES)
AUDIENCE = string("Who the post is for, e.g. 'owners of small bakeries'.", max_length=120)
KEY_POINTS = strings("Points the copy must make, one per item.", max_items=8, max_length=240)

LIMITS_TEXT = "; ".join(f"{rules.label} {rules.limit}" for rules in PLATFORMS.values())
COMMON_RULES = (
    "Follow the brand voice exactly: its tone, the words to use, never the words to avoid, and its "
    "emoji policy. Never invent facts, figures, testimonials or prices that are not in the input. "
    "Answer with one JSON object that matches the output schema, and nothing else."
)
