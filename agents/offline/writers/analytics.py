"""Offline writers for analytics: sentiment, forecasts, post performance, competitors, timing.

The numbers come from the input and seed 000's formulas; the words only explain them.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from datetime import datetime
from typing import Any

from agents.offline import formulas as fx
from agents.offline import platforms as pf
from agents.offline import text as tx
from agents.offline.registry import Context, writer
from agents.offline.sentiment import analyse


@writer("sentiment-analyzer", voiced=False)
def sentiment_analyzer(ctx: Context) -> dict[str, Any]:
    items = []
    for text in ctx.items("texts"):
        result = analyse(text)
        items.append({"text": text, **result})
    counts = {
        label: sum(1 for i in items if i["label"] == label)
        for label in ("positive", "negative", "neutral")
    }
    mean = round(statistics.fmean(i["score"] for i in items), 3) if items else 0.0
    overall = "positive" if mean >= 0.05 else "negative" if mean <= -0.05 else "neutral"
    themes = tx.keywords(" ".join(i["text"] for i in items if i["label"] == "negative"), limit=5)
    praise = tx.keywords(" ".join(i["text"] for i in items if i["label"] == "positive"), limit=5)
    return {
        "overall": {"label": overall, "score": mean, **counts},
        "items": items,
        "negative_themes": themes,
        "positive_themes": praise,
        "method": "lexicon",
    }


def _linear_fit(values: list[float]) -> tuple[float, float, float]:
    n = len(values)
    xs = list(range(n))
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(values)
    var = sum((x - mean_x) ** 2 for x in xs) or 1.0
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, values, strict=True)) / var
    intercept = mean_y - slope * mean_x
    residuals = [y - (intercept + slope * x) for x, y in zip(xs, values, strict=True)]
    spread = statistics.pstdev(residuals) if n > 2 else abs(slope)
    return slope, intercept, spread


@writer("trend-forecaster", voiced=False)
def trend_forecaster(ctx: Context) -> dict[str, Any]:
    metric = ctx.text("metric", "followers")
    history = ctx.get("history", [])
    labels = [str(h.get("period", i + 1)) for i, h in enumerate(history)]
    values = [float(h["value"]) for h in history]
    ahead = int(ctx.get("periods_ahead", 3))
    slope, intercept, spread = _linear_fit(values)
    n = len(values)
    rate = fx.cagr(values[0], values[-1], n - 1) if values[0] > 0 and values[-1] > 0 else 0.0
    last_change = fx.growth_rate(values[-1], values[-2]) if n >= 2 else 0.0
    mean = statistics.fmean(values) or 1.0
    relative = slope / abs(mean)
    trend = "rising" if relative > 0.01 else "falling" if relative < -0.01 else "flat"
    forecast = []
    for k in range(1, ahead + 1):
        linear = intercept + slope * (n - 1 + k)
        compound = fx.projected(values[-1], rate, k) if rate else linear
        value = (linear + compound) / 2
        band = spread * math.sqrt(1 + k / max(n, 1)) * 1.96
        forecast.append(
            {
                "period": f"+{k}",
                "value": round(value, 2),
                "low": round(value - band, 2),
                "high": round(value + band, 2),
            }
        )
    summary = (
        f"{metric.capitalize()} {'grew' if rate >= 0 else 'shrank'} "
        f"{abs(rate) * 100:.1f}% a period "
        f"on average over {n} periods ({labels[0]} to {labels[-1]}), and "
        f"{last_change:+.1f}% in the "
        f"latest one. The trend is {trend}; in {ahead} period{'s' if ahead > 1 else ''} "
        f"expect about "
        f"{forecast[-1]['value']:,.0f} (likely between {forecast[-1]['low']:,.0f} and "
        f"{forecast[-1]['high']:,.0f})."
    )
    return {
        "metric": metric,
        "trend": trend,
        "growth_rate_percent": round(rate * 100, 2),
        "last_period_change_percent": round(last_change, 2),
        "forecast": forecast,
        "method": "Average of a least-squares line and compound growth; 95% band from residuals.",
        "summary": summary,
    }


def _num(post: dict[str, Any], key: str) -> float:
    try:
        return float(post.get(key) or 0)
    except (TypeError, ValueError):
        return 0.0


@writer("performance-analyst", voiced=False)
def performance_analyst(ctx: Context) -> dict[str, Any]:
    posts = ctx.get("posts", [])
    followers_default = float(ctx.get("followers", 0) or 0)
    scored: list[dict[str, Any]] = []
    for i, post in enumerate(posts):
        rates = fx.post_rates(
            impressions=_num(post, "impressions"),
            reach=_num(post, "reach"),
            likes=_num(post, "likes"),
            comments=_num(post, "comments"),
            shares=_num(post, "shares"),
            saves=_num(post, "saves"),
            followers=_num(post, "followers") or followers_default,
        )
        viral = fx.viral_score(
            fx.scaled(rates["engagement_rate"], 3.0),
            fx.scaled(rates["share_rate"], 0.5),
            fx.scaled(rates["comment_rate"], 0.4),
            rates["reach_velocity"],
        )
        quality = fx.engagement_quality(
            comment_depth=fx.scaled(rates["comment_rate"], 0.4),
            share_frequency=fx.scaled(rates["share_rate"], 0.5),
            follow_rate=fx.scaled(
                _num(post, "followers_gained") / max(_num(post, "reach"), 1) * 100, 0.2
            ),
            save_rate=fx.scaled(rates["save_rate"], 0.8),
        )
        scored.append(
            {
                "index": i + 1,
                "title": tx.clip(str(post.get("title") or post.get("text") or f"Post {i + 1}"), 80),
                "platform": str(post.get("platform") or ""),
                **rates,
                "viral_score": viral,
                "quality_score": fx.quality_score(quality),
            }
        )
    by_platform: dict[str, list[float]] = defaultdict(list)
    for s in scored:
        by_platform[s["platform"] or "unknown"].append(s["engagement_rate"])
    platform_rows: list[dict[str, Any]] = [
        {"platform": p, "posts": len(v), "avg_engagement_rate": round(statistics.fmean(v), 2)}
        for p, v in sorted(by_platform.items(), key=lambda kv: -statistics.fmean(kv[1]))
    ]
    avg_er = round(statistics.fmean(s["engagement_rate"] for s in scored), 2) if scored else 0.0
    top = sorted(scored, key=lambda s: -s["viral_score"])[:3]
    recs: list[str] = []
    if platform_rows and len(platform_rows) > 1:
        recs.append(
            f"{platform_rows[0]['platform'].title()} engages best "
            f"({platform_rows[0]['avg_engagement_rate']}% "
            f"vs {platform_rows[-1]['avg_engagement_rate']}% on "
            f"{platform_rows[-1]['platform'].title()}): "
            "shift effort toward it."
        )
    if scored and statistics.fmean(s["share_rate"] for s in scored) < 0.3:
        recs.append(
            "Shares are low: add saveable, shareable formats (checklists, carousels, how-tos)."
        )
    if scored and statistics.fmean(s["comment_rate"] for s in scored) < 0.2:
        recs.append(
            "Few comments: end posts with a direct question and reply within the first hour."
        )
    if top:
        recs.append(
            f"Reuse the angle of “{top[0]['title']}”, your strongest post, in a new format."
        )
    if not recs:
        recs.append(
            "Performance is even across posts; test one new hook style per week to find a lift."
        )
    return {
        "summary": (
            f"{len(scored)} posts analysed; average engagement rate {avg_er}% of reach. "
            + (f"Best: “{top[0]['title']}” (viral score {top[0]['viral_score']})." if top else "")
        ),
        "average_engagement_rate": avg_er,
        "posts": scored,
        "top_posts": [t["index"] for t in top],
        "platforms": platform_rows,
        "recommendations": recs,
    }


@writer("competitor-analyst", voiced=False)
def competitor_analyst(ctx: Context) -> dict[str, Any]:
    brand = ctx.text("brand_name", "Us")
    ours = ctx.get("our_metrics", {}) or {}
    rows = [{"name": brand, **ours, "is_us": True}]
    rows += [{**c, "is_us": False} for c in ctx.get("competitors", [])]

    def f(row: dict[str, Any], key: str) -> float:
        return _num(row, key)

    voice_total = sum(f(r, "followers") * max(f(r, "posts_per_week"), 0.5) for r in rows) or 1.0
    comparison: list[dict[str, Any]] = []
    for r in rows:
        sov = f(r, "followers") * max(f(r, "posts_per_week"), 0.5) / voice_total * 100
        comparison.append(
            {
                "name": str(r.get("name") or "Unnamed"),
                "is_us": bool(r["is_us"]),
                "followers": int(f(r, "followers")),
                "posts_per_week": f(r, "posts_per_week"),
                "engagement_rate": f(r, "engagement_rate"),
                "share_of_voice_percent": round(sov, 1),
            }
        )
    us = comparison[0]
    others = comparison[1:]
    opportunities: list[str] = []
    threats: list[str] = []
    for c in others:
        if c["engagement_rate"] and us["engagement_rate"] > c["engagement_rate"]:
            opportunities.append(
                f"Your engagement rate beats {c['name']} ({us['engagement_rate']}% vs "
                f"{c['engagement_rate']}%): more reach would pay off."
            )
        if c["posts_per_week"] > us["posts_per_week"] * 1.5:
            threats.append(
                f"{c['name']} posts {c['posts_per_week']:g} times a week vs your "
                f"{us['posts_per_week']:g}: they own more of the feed."
            )
        if c["followers"] > us["followers"] * 2:
            threats.append(
                f"{c['name']} has over twice your audience ({c['followers']:,} followers)."
            )
    for c in ctx.get("competitors", []):
        for weakness in c.get("weaknesses", []) or []:
            opportunities.append(f"{c.get('name')}: “{weakness}” is a gap you can fill.")
        for strength in c.get("strengths", []) or []:
            threats.append(f"{c.get('name')} is strong at {str(strength).rstrip('.').lower()}.")
    leader = max(comparison, key=lambda c: c["share_of_voice_percent"])
    recs = [
        (
            f"Match the cadence of the category leader ({leader['name']}, "
            f"{leader['posts_per_week']:g} posts a week) only where your engagement holds."
        ),
        "Pick one theme your competitors ignore and own it for a quarter.",
        "Track these numbers monthly; one snapshot cannot tell a trend.",
    ]
    return {
        "brand_name": brand,
        "comparison": comparison,
        "opportunities": opportunities
        or ["No clear gap in the figures given; add strengths and weaknesses for each competitor."],
        "threats": threats or ["No competitor clearly out-performs you on the figures given."],
        "recommendations": recs,
        "summary": (
            f"{brand} holds {us['share_of_voice_percent']}% share of voice among "
            f"{len(comparison)} brands "
            f"(followers times posting frequency); {leader['name']} leads with "
            f"{leader['share_of_voice_percent']}%."
        ),
    }


@writer("viral-score-predictor", voiced=False)
def viral_score_predictor(ctx: Context) -> dict[str, Any]:
    text = ctx.text("text")
    platform = ctx.text("platform", "instagram")
    first_line = (text.splitlines() or [""])[0]
    hook_style = (
        "question"
        if first_line.rstrip().endswith("?")
        else "list"
        if tx.numbers(first_line)
        else "how_to"
        if first_line.lower().startswith("how")
        else "bold_claim"
    )
    hashtags = len([w for w in text.split() if w.startswith("#")])
    sentences = tx.sentences(text)
    scores = fx.draft_scores(
        text=text,
        hook=first_line,
        style=hook_style,
        platform=platform,
        hashtags=hashtags,
        points=max(len(sentences) - 2, 0),
    )
    suggestions = []
    n = pf.length(text, platform)
    low, high = pf.PLATFORMS[platform].ideal
    if n > pf.limit(platform):
        suggestions.append(
            f"Over the {pf.PLATFORMS[platform].label} limit by {n - pf.limit(platform)} characters."
        )
    elif n < low:
        suggestions.append(
            f"Short for {pf.PLATFORMS[platform].label}: {low}-{high} characters tends to "
            f"perform better."
        )
    elif n > high:
        suggestions.append(
            f"Long for {pf.PLATFORMS[platform].label}; trim toward {high} characters."
        )
    if "?" not in text:
        suggestions.append("Ask a question to invite comments.")
    ideal = pf.PLATFORMS[platform].hashtags
    if hashtags > ideal + 2:
        suggestions.append(f"Use fewer hashtags (about {ideal}).")
    elif hashtags < max(ideal - 2, 1):
        suggestions.append(f"Add a few specific hashtags (about {ideal}).")
    if len(first_line) > 120:
        suggestions.append("Shorten the first line; the hook should land before the fold.")
    return {
        "platform": platform,
        "hook_style_detected": hook_style,
        "character_count": n,
        "hashtag_count": hashtags,
        **scores,
        "suggestions": suggestions or ["Strong draft: publish at one of your best times."],
        "method": "Text signals fed into the viral-score and engagement-quality formulas.",
    }


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


@writer("best-time-advisor", voiced=False)
def best_time_advisor(ctx: Context) -> dict[str, Any]:
    platform = ctx.text("platform", "instagram")
    history = ctx.get("history", []) or []
    buckets: dict[tuple[int, int], list[float]] = defaultdict(list)
    for row in history:
        when = _parse_time(row.get("posted_at"))
        if when is not None:
            buckets[(when.weekday(), when.hour)].append(_num(row, "engagement"))
    slots: list[dict[str, Any]] = []
    if len(buckets) >= 3:
        overall = statistics.fmean(v for vals in buckets.values() for v in vals) or 1.0
        ranked = sorted(buckets.items(), key=lambda kv: -statistics.fmean(kv[1]))
        for (day, hour), vals in ranked[:5]:
            slots.append(
                {
                    "weekday": pf.WEEKDAYS[day],
                    "hour": hour,
                    "score": round(statistics.fmean(vals) / overall * 50, 1),
                    "posts": len(vals),
                }
            )
        method = (
            f"Your own history: average engagement by weekday and hour over {len(history)} posts."
        )
    else:
        for rank, (day, hour) in enumerate(pf.DEFAULT_WINDOWS[platform]):
            slots.append(
                {"weekday": pf.WEEKDAYS[day], "hour": hour, "score": 90 - rank * 8, "posts": 0}
            )
        method = (
            "Industry defaults for this network (not enough of your own history: give 3+ "
            "distinct slots)."
        )
    best = slots[0]
    return {
        "platform": platform,
        "timezone": ctx.text("timezone", "the account's local time"),
        "best_slots": slots,
        "method": method,
        "summary": (
            f"Post on {pf.PLATFORMS[platform].label} around {best['hour']:02d}:00 on "
            f"{best['weekday']}s first."
        ),
    }
