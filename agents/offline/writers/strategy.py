"""Offline writers for strategy: positioning, calendars, campaigns and audience personas."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from agents.offline import platforms as pf
from agents.offline import text as tx
from agents.offline.registry import Context, writer

_PILLAR_KINDS = [
    (
        "Teach",
        "Practical how-tos that show expertise in {kw}",
        ["step-by-step guide to {kw}", "common {kw} mistakes", "a {kw} checklist"],
    ),
    (
        "Prove",
        "Results, stories and reviews that build trust",
        ["a customer story about {kw}", "before/after of {kw}", "what we learned this month"],
    ),
    (
        "Show",
        "Behind the scenes: the people and craft behind {brand}",
        ["a day in the team", "how we make {kw}", "meet the founder"],
    ),
    (
        "Engage",
        "Conversation starters that invite the audience in",
        ["a poll on {kw}", "ask-me-anything on {kw}", "this-or-that about {kw}"],
    ),
    (
        "Sell",
        "Clear offers and launches, tied to the audience's goals",
        ["the offer of the month", "why {brand} for {kw}", "FAQ about pricing"],
    ),
]


@writer("brand-strategist")
def brand_strategist(ctx: Context) -> dict[str, Any]:
    brand = ctx.text("brand_name")
    industry = ctx.text("industry")
    audience = ctx.text("audience")
    values = ctx.items("values") or ["clarity", "craft", "care"]
    goals = ctx.items("goals")
    diffs = ctx.items("differentiators")
    kws = tx.keywords(" ".join([industry, *goals, *diffs]), limit=5) or [industry]
    need = goals[0].rstrip(".").lower() if goals else f"get more from {industry}"
    diff = diffs[0].rstrip(".").lower() if diffs else f"puts {values[0].lower()} first"
    positioning = ctx.v(
        f"For {audience} who want to {need}, {brand} is the {industry} brand that {diff}. "
        "Unlike the usual options, we lead with "
        f"{tx.join_natural([v.lower() for v in values[:2]])}."
    )
    mission = ctx.v(
        f"Help {audience} {need} with {tx.join_natural([v.lower() for v in values[:3]])}."
    )
    pillars = []
    kinds = _PILLAR_KINDS[: 4 if len(goals) < 3 else 5]
    for i, (name, desc, ideas) in enumerate(kinds):
        kw = kws[i % len(kws)]
        pillars.append(
            {
                "name": name,
                "description": ctx.v(desc.replace("{kw}", kw).replace("{brand}", brand)),
                "example_topics": [
                    ctx.v(t.replace("{kw}", kw).replace("{brand}", brand)) for t in ideas
                ],
            }
        )
    tone = ctx.voice.tone
    do = [f"Sound {tone}: write the way you would talk to one person from the audience."]
    do += (
        [f"Use the words the brand owns: {', '.join(ctx.voice.words_to_use)}."]
        if ctx.voice.words_to_use
        else []
    )
    do += [f"Show {v.lower()} with a concrete example, not an adjective." for v in values[:2]]
    dont = (
        [f"Never use: {', '.join(ctx.voice.words_to_avoid)}."] if ctx.voice.words_to_avoid else []
    )
    dont += [
        "Don't make claims you can't show proof for.",
        "Don't chase trends that don't fit the pillars.",
    ]
    if ctx.voice.emoji == "none":
        dont.append("No emoji.")
    taglines = []
    for a, b in [(0, 1), (1, 2), (2, 0)]:
        va, vb = values[a % len(values)], values[b % len(values)]
        taglines.append(ctx.v(f"{tx.capitalize(va)} you can feel, {vb.lower()} you can trust."))
    taglines.append(ctx.v(f"{tx.capitalize(industry)}, done with {values[0].lower()}."))
    return {
        "brand_name": brand,
        "positioning_statement": positioning,
        "mission": mission,
        "pillars": pillars,
        "voice_guidelines": {"do": [ctx.v(d) for d in do], "dont": dont},
        "tagline_options": list(dict.fromkeys(taglines)),
    }


_FORMATS = {
    "x": ["short post", "thread", "poll"],
    "linkedin": ["text post", "document carousel", "article"],
    "instagram": ["reel", "carousel", "single image", "story"],
    "facebook": ["image post", "video", "event"],
    "tiktok": ["short video", "duet", "stitch"],
    "threads": ["text post", "question"],
    "bluesky": ["short post", "thread"],
    "mastodon": ["short post", "thread"],
    "pinterest": ["idea pin", "standard pin"],
    "youtube": ["short", "long video"],
}
_ANGLES = [
    "a myth about {p} and the truth",
    "three quick wins for {p}",
    "a behind-the-scenes look at {p}",
    "a question to the audience about {p}",
    "a customer story about {p}",
    "the one mistake to avoid with {p}",
    "a before/after showing {p}",
    "a tool or template for {p}",
]


@writer("calendar-planner")
def calendar_planner(ctx: Context) -> dict[str, Any]:
    start = date.fromisoformat(ctx.text("start_date"))
    weeks = int(ctx.get("weeks", 2))
    per_week = int(ctx.get("posts_per_week", 5))
    platforms = ctx.items("platforms") or ["instagram", "linkedin"]
    pillars = ctx.items("pillars") or ["Education", "Behind the scenes", "Community", "Offers"]
    preferred_days = [1, 2, 3, 0, 4, 5, 6]  # Tuesday to Thursday tend to perform best
    angles = list(_ANGLES)
    ctx.rng.shuffle(angles)
    entries = []
    n = 0
    for week in range(weeks):
        week_start = start + timedelta(days=7 * week - start.weekday())
        for slot in range(per_week):
            day = preferred_days[slot % 7]
            platform = platforms[n % len(platforms)]
            when = week_start + timedelta(days=day)
            if when < start:
                when += timedelta(days=7)
            windows = [w for w in pf.DEFAULT_WINDOWS[platform] if w[0] == when.weekday()]
            hour = windows[0][1] if windows else pf.DEFAULT_WINDOWS[platform][0][1]
            pillar = pillars[n % len(pillars)]
            fmt = _FORMATS[platform][(n // len(platforms)) % len(_FORMATS[platform])]
            angle = angles[n % len(angles)].replace("{p}", pillar.lower())
            entries.append(
                {
                    "date": when.isoformat(),
                    "weekday": pf.WEEKDAYS[when.weekday()],
                    "time": f"{hour:02d}:00",
                    "platform": platform,
                    "pillar": pillar,
                    "format": fmt,
                    "idea": ctx.v(tx.capitalize(f"{fmt}: {angle}")),
                }
            )
            n += 1
    entries.sort(key=lambda e: (e["date"], e["time"]))
    return {
        "start_date": start.isoformat(),
        "weeks": weeks,
        "entries": entries,
        "summary": (
            f"{len(entries)} posts over {weeks} week{'s' if weeks > 1 else ''} on "
            f"{tx.join_natural([pf.PLATFORMS[p].label for p in platforms])}, rotating "
            f"{len(pillars)} pillars. Times are the networks' usual strong windows; replace them "
            "with your own best times once you have a few weeks of data."
        ),
    }


_OBJECTIVE_KPIS = {
    "awareness": [
        ("Reach", "+30% vs. last month"),
        ("Follower growth", "+5%"),
        ("Video views", "+25%"),
    ],
    "engagement": [
        ("Engagement rate", "above 3% of reach"),
        ("Comments per post", "+40%"),
        ("Shares", "+25%"),
    ],
    "leads": [
        ("Leads", "+20% vs. baseline"),
        ("Landing page conversion", "above 5%"),
        ("Cost per lead", "-15%"),
    ],
    "sales": [
        ("Revenue from social", "+15%"),
        ("Conversion rate", "above 2%"),
        ("Average order value", "+5%"),
    ],
    "launch": [
        ("Waitlist sign-ups", "set a number before launch"),
        ("Launch-week reach", "+50%"),
        ("First-week sales", "set a target"),
    ],
}
_PHASES = [
    ("Tease", 0.2, "Build curiosity before anything is revealed"),
    ("Launch", 0.3, "Make the announcement impossible to miss"),
    ("Sustain", 0.35, "Keep momentum with proof and education"),
    ("Recap", 0.15, "Thank the community and report results"),
]


@writer("campaign-planner")
def campaign_planner(ctx: Context) -> dict[str, Any]:
    name = ctx.text("campaign_name")
    objective = ctx.text("objective", "awareness")
    product = ctx.text("product")
    audience = ctx.text("audience")
    start = date.fromisoformat(ctx.text("start_date"))
    days = int(ctx.get("duration_days", 28))
    channels = ctx.items("channels") or ["instagram", "linkedin", "email"]
    budget = float(ctx.get("budget", 0) or 0)
    phases = []
    cursor = start
    tactics = {
        "Tease": [
            f"Countdown posts about {product}",
            "Behind-the-scenes teasers",
            "Waitlist or reminder sign-up",
        ],
        "Launch": [
            f"Announcement across {tx.join_natural(channels)}",
            "Live session or demo",
            "Launch offer for early movers",
        ],
        "Sustain": [
            "Customer stories and reviews",
            f"How-to content on getting value from {product}",
            "Retarget engaged viewers",
        ],
        "Recap": [
            "Results post with real numbers",
            "Thank-you to the community",
            "Survey to learn for next time",
        ],
    }
    for i, (phase, share, goal) in enumerate(_PHASES):
        length = (
            max(1, round(days * share))
            if i < len(_PHASES) - 1
            else max(1, (start + timedelta(days=days) - cursor).days)
        )
        end = cursor + timedelta(days=length - 1)
        phases.append(
            {
                "name": phase,
                "start_date": cursor.isoformat(),
                "end_date": end.isoformat(),
                "goal": goal,
                "tactics": [ctx.v(t) for t in tactics[phase]],
            }
        )
        cursor = end + timedelta(days=1)
    weights = {
        c: (
            3
            if c in ("instagram", "tiktok", "youtube") and objective in ("awareness", "launch")
            else 2
        )
        for c in channels
    }
    if "email" in weights and objective in ("leads", "sales"):
        weights["email"] = 3
    total_w = sum(weights.values()) or 1
    split = [
        {
            "channel": c,
            "percent": round(w / total_w * 100, 1),
            "amount": round(budget * w / total_w, 2),
        }
        for c, w in weights.items()
    ]
    big_idea = ctx.v(
        tx.pick(
            ctx.rng,
            [
                f"{product}, seen through the eyes of {audience}",
                f"A month of real results with {product}",
                f"The small change {audience} didn't know they needed: {product}",
            ],
        )
    )
    ideas = [
        f"Reel: a day in the life of {audience} with {product}",
        f"Carousel: 5 questions {audience} ask before choosing {product}",
        f"Post: the story of why {product} exists",
        f"Live Q&A on {product}, answers turned into short clips",
        f"User-generated content challenge around {name}",
    ]
    ctx.rng.shuffle(ideas)
    return {
        "name": name,
        "objective": objective,
        "big_idea": big_idea,
        "key_message": ctx.v(
            f"{product} helps {audience} get there faster. {ctx.voice.signature()}".strip()
        ),
        "phases": phases,
        "kpis": [
            {"metric": m, "target": t}
            for m, t in _OBJECTIVE_KPIS.get(objective, _OBJECTIVE_KPIS["awareness"])
        ],
        "content_ideas": [ctx.v(i) for i in ideas],
        "budget_split": split,
    }


_ARCHETYPES = [
    (
        "The Busy Decision-Maker",
        "Head of {industry}",
        "35-50",
        "LinkedIn, email newsletters",
        "Needs proof of ROI before committing time",
    ),
    (
        "The Hands-On Practitioner",
        "{industry} specialist",
        "25-40",
        "Instagram, YouTube tutorials, communities",
        "Worried about learning curves and workflow changes",
    ),
    (
        "The Curious Newcomer",
        "Founder of a small business",
        "22-35",
        "TikTok, Instagram, podcasts",
        "Unsure where to start and wary of hidden costs",
    ),
    (
        "The Budget Guardian",
        "Operations or finance lead",
        "30-55",
        "Email, LinkedIn, review sites",
        "Compares prices and asks about contracts",
    ),
    (
        "The Community Champion",
        "Creator or advocate",
        "20-40",
        "Instagram, Threads, Discord",
        "Wants brands that share values and credit the community",
    ),
]
_FIRST_NAMES = [
    "Maya",
    "Daniel",
    "Priya",
    "Lucas",
    "Amara",
    "Jonas",
    "Sofia",
    "Kenji",
    "Leila",
    "Mateo",
]


@writer("audience-persona-builder")
def audience_persona_builder(ctx: Context) -> dict[str, Any]:
    product = ctx.text("product")
    industry = ctx.text("industry")
    description = ctx.text("audience_description")
    count = int(ctx.get("count", 3))
    kws = tx.keywords(f"{description} {product}", limit=6) or [industry]
    names = list(_FIRST_NAMES)
    ctx.rng.shuffle(names)
    archetypes = list(_ARCHETYPES)
    offset = ctx.rng.randrange(len(archetypes))
    archetypes = archetypes[offset:] + archetypes[:offset]
    personas = []
    for i in range(count):
        title, role, ages, channels, objection = archetypes[i % len(archetypes)]
        kw = kws[i % len(kws)]
        personas.append(
            {
                "name": f"{names[i]}, {title}",
                "role": role.replace("{industry}", industry),
                "age_range": ages,
                "goals": [
                    f"Get better results from {kw} without adding hours to the week",
                    f"Look good to their team by choosing the right {industry} tools",
                ],
                "pain_points": [
                    f"Too much time spent on {kws[(i + 1) % len(kws)]}",
                    "Advice that doesn't fit their situation",
                ],
                "channels": [c.strip() for c in channels.split(",")],
                "objections": [objection],
                "message_that_resonates": ctx.v(
                    f"{product} takes {kw} off your plate, so you can focus on what you do best."
                ),
                "based_on": tx.clip(description, 120),
            }
        )
    return {
        "personas": personas,
        "note": (
            "These personas are hypotheses built from your description. Check them against real "
            "customer interviews and analytics before you plan spend around them."
        ),
    }
