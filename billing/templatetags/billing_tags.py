"""Formatting for billing pages: `{{ cents|money:"usd" }}` -> "$75" or "$7.50"."""

from __future__ import annotations

from django import template

register = template.Library()

SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£"}


@register.filter
def money(cents: int | None, currency: str = "usd") -> str:
    if cents is None:
        return ""
    amount = int(cents) / 100
    text = f"{amount:,.0f}" if int(cents) % 100 == 0 else f"{amount:,.2f}"
    symbol = SYMBOLS.get((currency or "usd").lower())
    return f"{symbol}{text}" if symbol else f"{text} {currency.upper()}"
