"""What the offline writer says for requests no dedicated writer knows (a staff-made agent, a
free-form prompt): an honest, structured restatement of the request that matches the schema."""

from __future__ import annotations

from typing import Any

from agents.offline import text as tx

_NOTE = "Written by the offline writer, which has no language model"


def _words_of(prompt: str) -> str:
    kws = tx.keywords(prompt, limit=5)
    return tx.join_natural(kws) if kws else "your request"


def reply_text(prompt: str, system: str = "") -> str:
    """A plain-text answer: what was asked, and the steps Herald can suggest without a model."""
    focus = _words_of(prompt)
    first = tx.clip(tx.sentences(prompt)[0] if tx.sentences(prompt) else prompt, 160)
    return (
        f"{_NOTE}. You asked: “{first}”. The key themes are {focus}. "
        f"Suggested next steps: write down the goal for {focus}, pick one measurable outcome, "
        "and connect an AI provider in the AI settings for a full answer."
    )


def fill_schema(schema: dict[str, Any], prompt: str, name: str = "value", depth: int = 0) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    if kind == "object" or "properties" in schema:
        props: dict[str, Any] = schema.get("properties", {})
        return {key: fill_schema(sub, prompt, key, depth + 1) for key, sub in props.items()}
    if kind == "array":
        items = schema.get("items", {"type": "string"})
        count = (
            max(int(schema.get("minItems", 1)), 1) if depth < 4 else int(schema.get("minItems", 0))
        )
        return [fill_schema(items, prompt, name, depth + 1) for _ in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    if kind == "null":
        return None
    label = name.replace("_", " ")
    value = f"{tx.capitalize(label)} for {_words_of(prompt)} ({_NOTE.lower()})."
    if schema.get("format") == "date":
        return "2025-01-01"
    low, high = int(schema.get("minLength", 0)), int(schema.get("maxLength", 10_000))
    value = tx.clip(value, high)
    return value + "." * max(0, low - len(value))
