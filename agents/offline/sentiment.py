"""Lexicon-based sentiment: AFINN-style word scores, negation, intensifiers, emphasis."""

from __future__ import annotations

import math
import re
from typing import Any

from agents.offline.lexicons import EMOJI_SENTIMENT, INTENSIFIERS, NEGATIONS, SENTIMENT

_TOKEN = re.compile(r"[\w']+|[^\w\s]", re.UNICODE)


def analyse(text: str) -> dict[str, Any]:
    """Score in [-1, 1] (VADER's normalisation of the summed word scores) and a label."""
    tokens = _TOKEN.findall(text or "")
    total = 0.0
    signals: list[str] = []
    negate_left = 0
    boost = 1.0
    for token in tokens:
        low = token.lower()
        if low in NEGATIONS or low.endswith("n't"):
            negate_left = 3
            continue
        if low in INTENSIFIERS:
            boost *= INTENSIFIERS[low]
            continue
        value = float(SENTIMENT.get(low, EMOJI_SENTIMENT.get(token, 0)))
        if value:
            if token.isupper() and len(token) > 2:
                value *= 1.2
            if negate_left:
                value *= -0.7
                signals.append(f"not {low}")
            else:
                signals.append(low if token not in EMOJI_SENTIMENT else token)
            total += value * boost
        boost = 1.0
        if negate_left:
            negate_left -= 1
    exclaims = min(text.count("!"), 3)
    if total:
        total += math.copysign(0.3 * exclaims, total)
    score = total / math.sqrt(total * total + 15) if total else 0.0
    if score >= 0.05:
        label = "positive"
    elif score <= -0.05:
        label = "negative"
    else:
        label = "neutral"
    return {"label": label, "score": round(score, 3), "signals": signals[:8]}
