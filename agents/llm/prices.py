"""What a call cost, from the `ModelPrice` table (USD per million tokens, edited by staff).

The defaults below are seeded by a data migration, and `seed_default_prices` only fills what
is missing, so it never overwrites staff's edits. Published prices:
https://openai.com/api/pricing/ and https://www.anthropic.com/pricing#api
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from agents.llm.models import ModelPrice

# model, input USD / 1M tokens, output USD / 1M tokens
DEFAULT_PRICES: tuple[tuple[str, str, str], ...] = (
    ("gpt-4o", "2.50", "10.00"),
    ("gpt-4o-mini", "0.15", "0.60"),
    ("gpt-4.1", "2.00", "8.00"),
    ("gpt-4.1-mini", "0.40", "1.60"),
    ("claude-sonnet-4-6", "3.00", "15.00"),
    ("claude-sonnet-4-5", "3.00", "15.00"),
    ("claude-sonnet-4", "3.00", "15.00"),
    ("claude-haiku-4-5", "1.00", "5.00"),
    ("claude-opus-4-1", "15.00", "75.00"),
)

MILLION = Decimal(1_000_000)
_SNAPSHOT = re.compile(r"^[-@](\d{8}|\d{4}-\d{2}-\d{2})$")
COST_QUANTUM = Decimal("0.000001")


def seed_default_prices(model_price: Any = ModelPrice) -> None:
    """Fill in the default prices that are missing (the migration passes its historical model)."""
    for model, input_price, output_price in DEFAULT_PRICES:
        model_price.objects.get_or_create(
            model=model,
            defaults={
                "input_per_million": Decimal(input_price),
                "output_per_million": Decimal(output_price),
            },
        )


def price_for(model: str) -> ModelPrice | None:
    """The price of `model`, or of the model it is a dated snapshot of (gpt-4o-2024-08-06).

    Only a date suffix counts: claude-sonnet-4-6 is not priced as claude-sonnet-4.
    """
    exact = ModelPrice.objects.filter(model=model).first()
    if exact is not None:
        return exact
    for price in ModelPrice.objects.all():
        if model.startswith(price.model) and _SNAPSHOT.match(model[len(price.model) :]):
            return price
    return None


def call_cost(*, model: str, input_tokens: int, output_tokens: int) -> Decimal:
    """USD for one call; an unpriced model (the offline writer) costs nothing."""
    price = price_for(model)
    if price is None or (input_tokens == 0 and output_tokens == 0):
        return Decimal("0")
    cost = (
        Decimal(input_tokens) * price.input_per_million
        + Decimal(output_tokens) * price.output_per_million
    ) / MILLION
    return cost.quantize(COST_QUANTUM)
