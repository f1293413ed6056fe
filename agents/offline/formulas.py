"""Seed 000's formulas (growth, viral score, engagement quality, revenue) and the text signals
the offline writer feeds them when it scores a draft that has no metrics yet.

Rates are percentages (0-100). For a draft, each input of the viral and quality formulas is a
predicted signal on the same 0-100 scale, estimated from the text: hook, length for the network,
call to action, questions, hashtags. The scores are therefore a ranking aid between drafts,
not a promise of reach, and the agents' outputs say so.
"""

from __future__ import annotations

import math
import re

from agents.offline.platforms import PLATFORMS, length
from agents.offline.text import clamp


def growth_rate(current: float, previous: float) -> float:
    """Follower growth rate in percent."""
    if previous == 0:
        return 0.0
    return (current - previous) / previous * 100


def cagr(start: float, end: float, years: float) -> float:
    """Compound growth per period, as a fraction (0.05 is 5%)."""
    if start <= 0 or end <= 0 or years <= 0:
        return 0.0
    return float((end / start) ** (1 / years) - 1)


def projected(current: float, rate: float, periods: float) -> float:
    """`current * (1 + rate) ^ periods`, with `rate` a fraction per period."""
    return float(current * (1 + rate) ** periods)


def viral_score(
    engagement_rate: float, share_rate: float, comment_rate: float, reach_velocity: float
) -> float:
    score = engagement_rate * 0.4 + share_rate * 0.3 + comment_rate * 0.15 + reach_velocity * 0.15
    return round(clamp(score), 1)


def engagement_quality(
    comment_depth: float, share_frequency: float, follow_rate: float, save_rate: float
) -> float:
    return comment_depth * 0.4 + share_frequency * 0.3 + follow_rate * 0.2 + save_rate * 0.1


def quality_score(quality: float) -> float:
    """Seed 000: `engagementQuality / 10`, one decimal, on a 1-10 scale."""
    return round(clamp(quality / 10, 1, 10), 1)


def monthly_revenue(
    followers: float, cpm: float, engagement_rate: float, cpa: float, sponsorship_rate: float
) -> float:
    """Ad revenue + affiliate + sponsorships, per month (engagement_rate as a fraction)."""
    return (
        followers * (cpm / 1000)
        + engagement_rate * followers * (cpa / 100)
        + followers * 0.01 * sponsorship_rate
    )


# --- Metrics of a published post -----------------------------------------------------------


def post_rates(
    *,
    impressions: float,
    reach: float,
    likes: float,
    comments: float,
    shares: float,
    saves: float,
    followers: float,
) -> dict[str, float]:
    """Engagement, share and comment rates over reach, and reach velocity (reach over
    followers, capped at 100), all in percent."""
    base = reach or impressions or 1
    interactions = likes + comments + shares + saves
    return {
        "engagement_rate": round(interactions / base * 100, 2),
        "share_rate": round(shares / base * 100, 2),
        "comment_rate": round(comments / base * 100, 2),
        "save_rate": round(saves / base * 100, 2),
        "reach_velocity": round(clamp(reach / followers * 100) if followers else 0.0, 2),
    }


def scaled(rate: float, typical: float) -> float:
    """Map a raw rate onto 0-100, where `typical` (a healthy rate for the metric) scores 50."""
    if rate <= 0:
        return 0.0
    return round(clamp(100 * (1 - math.exp(-rate / typical * math.log(2)))), 1)


# --- Predicted signals for a draft ---------------------------------------------------------

HOOK_BASE = {
    "question": 70,
    "statistic": 72,
    "story": 68,
    "bold_claim": 74,
    "how_to": 71,
    "contrarian": 76,
    "list": 72,
    "curiosity": 75,
}
_CTA_WORDS = re.compile(
    r"\b(comment|share|save|follow|tag|tap|click|join|sign up|learn more|get started|reply|"
    r"tell us|let us know|dm|book|download|try)\b",
    re.I,
)


def hook_strength(hook: str, style: str) -> float:
    score = float(HOOK_BASE.get(style, 65))
    if len(hook) <= 90:
        score += 6
    elif len(hook) > 150:
        score -= 8
    if re.search(r"\d", hook):
        score += 5
    if re.search(r"\byou(r)?\b", hook, re.I):
        score += 4
    if hook.endswith("?"):
        score += 3
    return clamp(score)


def length_fit(text: str, platform: str) -> float:
    low, high = PLATFORMS[platform].ideal
    n = length(text, platform)
    if low <= n <= high:
        return 100.0
    if n < low:
        return clamp(100 - (low - n) / max(low, 1) * 100, 20)
    return clamp(100 - (n - high) / max(high, 1) * 60, 20)


def hashtag_fit(count: int, platform: str) -> float:
    ideal = PLATFORMS[platform].hashtags
    return clamp(100 - abs(count - ideal) * (100 / max(ideal + 2, 3)), 10)


def draft_scores(
    *, text: str, hook: str, style: str, platform: str, hashtags: int, points: int, tone: str = ""
) -> dict[str, float]:
    """Engagement potential (0-100), viral potential (0-100) and a 1-10 quality score."""
    hook_score = hook_strength(hook, style)
    fit = length_fit(text, platform)
    has_cta = bool(_CTA_WORDS.search(text))
    asks = "?" in text
    addresses = bool(re.search(r"\byou(r)?\b", text, re.I))
    engagement_signal = (
        0.45 * hook_score
        + 0.25 * fit
        + 0.15 * (100 if has_cta else 40)
        + 0.15 * (100 if asks or addresses else 50)
    )
    share_signal = (
        0.5 * hook_score
        + 0.3 * clamp(points * 25)
        + 0.2 * (85 if style in ("how_to", "list", "statistic", "contrarian") else 60)
    )
    comment_signal = clamp((90 if asks else 45) + (10 if style == "contrarian" else 0))
    reach_signal = 0.6 * hashtag_fit(hashtags, platform) + 0.4 * fit
    viral = viral_score(engagement_signal, share_signal, comment_signal, reach_signal)
    quality = engagement_quality(
        comment_depth=clamp(comment_signal * 0.8 + (15 if style in ("question", "story") else 5)),
        share_frequency=share_signal,
        follow_rate=70 if re.search(r"\bfollow\b", text, re.I) else 55,
        save_rate=85 if style in ("how_to", "list") or re.search(r"\bsave\b", text, re.I) else 50,
    )
    return {
        "engagement_potential": round(clamp(quality), 1),
        "viral_potential": viral,
        "quality_score": quality_score(quality),
    }
