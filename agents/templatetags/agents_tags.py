"""Rendering an agent's JSON output as readable HTML (everything escaped)."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TEXT_KEYS = ("text", "reply", "body", "translated_text", "edited_text", "alt_text", "caption")
MAX_DEPTH = 5


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _scalar(value: Any) -> SafeString:
    if isinstance(value, bool):
        return format_html(
            '<span class="badge{}">{}</span>',
            " badge--success" if value else "",
            "yes" if value else "no",
        )
    if isinstance(value, float):
        return format_html(
            "{}", f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
        )
    if isinstance(value, int):
        return format_html("{}", f"{value:,}")
    if value in (None, ""):
        return mark_safe('<span class="muted">—</span>')
    return linebreaksbr(str(value), autoescape=True)


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _text_key(item: dict[str, Any]) -> str | None:
    return next((k for k in TEXT_KEYS if isinstance(item.get(k), str) and item.get(k)), None)


def _card(item: dict[str, Any], depth: int) -> SafeString:
    """An item with a main text (a post, a reply): the text first, its short facts as chips."""
    key = _text_key(item)
    assert key is not None
    short = [(k, v) for k, v in item.items() if k != key and _is_short(v) and v != ""]
    rest = {k: v for k, v in item.items() if k != key and not _is_short(v) and v != ""}
    chips = format_html_join(
        "",
        '<span class="agent-chip"><span class="muted">{}</span> {}</span>',
        ((_label(k), _scalar(v)) for k, v in short),
    )
    details = (
        format_html(
            '<details class="agent-parts"><summary class="small">Details</summary>{}</details>',
            _render(rest, depth + 1),
        )
        if rest
        else ""
    )
    return format_html(
        '<article class="agent-card-output"><div class="agent-chips">{}</div>'
        '<div class="agent-text" data-testid="output-text">{}</div>{}</article>',
        chips,
        linebreaksbr(item[key], autoescape=True),
        details,
    )


def _is_short(value: Any) -> bool:
    return _is_scalar(value) and len(str(value)) <= 40


def _table(rows: list[dict[str, Any]]) -> SafeString:
    keys = list(dict.fromkeys(k for row in rows for k in row))
    head = format_html_join("", '<th scope="col">{}</th>', ((_label(k),) for k in keys))
    body = format_html_join(
        "",
        "<tr>{}</tr>",
        (
            (format_html_join("", "<td>{}</td>", ((_cell(row.get(k)),) for k in keys)),)
            for row in rows
        ),
    )
    return format_html(
        (
            '<div class="overflow-auto"><table '
            'class="agent-table"><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>'
        ),
        head,
        body,
    )


def _cell(value: Any) -> SafeString:
    if isinstance(value, list) and all(_is_scalar(v) for v in value):
        return format_html("{}", ", ".join(str(v) for v in value))
    if _is_scalar(value):
        return _scalar(value)
    return _render(value, MAX_DEPTH - 1)


def _render(value: Any, depth: int = 0) -> SafeString:
    if depth >= MAX_DEPTH:
        return format_html("<code>{}</code>", str(value)[:500])
    if isinstance(value, dict):
        rows = format_html_join(
            "",
            "<div><dt>{}</dt><dd>{}</dd></div>",
            ((_label(k), _render(v, depth + 1)) for k, v in value.items()),
        )
        return format_html('<dl class="agent-dl">{}</dl>', rows)
    if isinstance(value, list):
        if not value:
            return mark_safe('<span class="muted">none</span>')
        if all(isinstance(v, dict) for v in value):
            if all(_text_key(v) for v in value):
                return format_html_join("", "{}", ((_card(v, depth),) for v in value))
            if all(
                all(
                    _is_scalar(x) or (isinstance(x, list) and all(_is_scalar(y) for y in x))
                    for x in v.values()
                )
                for v in value
            ):
                return _table(value)
        if all(_is_scalar(v) and len(str(v)) <= 40 for v in value):
            return format_html(
                '<span class="agent-chips">{}</span>',
                format_html_join(
                    "", '<span class="agent-chip">{}</span>', ((_scalar(v),) for v in value)
                ),
            )
        if all(_is_scalar(v) for v in value):
            return format_html(
                '<ul class="agent-list">{}</ul>',
                format_html_join("", "<li>{}</li>", ((_scalar(v),) for v in value)),
            )
        return format_html_join("", "<div>{}</div>", ((_render(v, depth + 1),) for v in value))
    return _scalar(value)


def ordered(value: Any, schema: dict[str, Any] | None) -> Any:
    """`value` with object keys in the schema's order (PostgreSQL's jsonb sorts them)."""
    if not schema:
        return value
    if isinstance(value, dict):
        props: dict[str, Any] = schema.get("properties") or {}
        order = list(schema.get("x-order") or props)
        keys = [k for k in order if k in value] + [k for k in value if k not in order]
        return {k: ordered(value[k], props.get(k)) for k in keys}
    if isinstance(value, list):
        return [ordered(v, schema.get("items")) for v in value]
    return value


def _shipped_schema(slug: str, which: str) -> dict[str, Any] | None:
    from agents.catalog import BY_SLUG

    spec = BY_SLUG.get(slug)
    return getattr(spec, which) if spec is not None else None


@register.simple_tag
def render_output(value: Any, agent_slug: str = "", which: str = "output_schema") -> SafeString:
    """Render an agent's output (or input) as HTML, in the order its schema lists fields."""
    return _render(ordered(value, _shipped_schema(agent_slug, which)) if agent_slug else value)


@register.filter
def pretty_json(value: Any) -> str:
    import json

    return json.dumps(value, indent=2, ensure_ascii=False)


@register.simple_tag
def offline_badge() -> SafeString:
    return mark_safe(
        '<span class="badge badge--warning" data-testid="offline-badge" title="Written '
        "by Herald's built-in rule-based writer, not an AI model\">offline writer</span>"
    )
