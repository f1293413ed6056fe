"""The offline writer's phrasebook: hooks in each style, body points, calls to action.

Templates take the request's own words ({topic}, {audience}, {kw}...), so two requests never
read the same. Hooks never invent facts: the statistic style quotes a number from the input, or
names the metric to watch when the input has none.
"""

from __future__ import annotations

import random

from agents.offline.text import APOSTROPHES, STOPWORDS, capitalize, keywords, numbers, pick, words

HOOK_STYLES = (
    "question",
    "statistic",
    "story",
    "bold_claim",
    "how_to",
    "contrarian",
    "list",
    "curiosity",
)
STYLES = ("engaging", "educational", "inspirational", "promotional", "humorous", "professional")

_HOOKS: dict[str, list[str]] = {
    "question": [
        "What would change if {topic} took half the time it takes today?",
        "Is {topic} quietly costing you more than you think?",
        "Why do so many {audience} get {topic} wrong?",
        "What actually moves the needle with {topic}?",
        "Still guessing your way through {topic}?",
    ],
    "statistic": [
        "{number}: keep that figure in mind the next time you plan {topic}.",
        "{number}. That's the number that changed how we think about {topic}.",
        "It starts with {number}. Here's what that means for {topic}.",
    ],
    "statistic_no_number": [
        "One number tells you whether {topic} is working: {metric}.",
        "Track a single metric for {topic} this month: {metric}. Here's why.",
        "Forget vanity numbers. For {topic}, watch {metric}.",
    ],
    "story": [
        "We almost gave up on {topic}. Then one small change made it click.",
        "A few months ago, {topic} felt impossible for us. Here's what changed.",
        "Here's a quick story about {topic} that {audience} should hear.",
        "The first time we tried {topic}, it flopped. The second time, we did this.",
    ],
    "bold_claim": [
        "{Topic} is the most underrated lever you're not using yet.",
        "Most advice about {topic} is out of date. Here's what works now.",
        "{Topic} done right beats twice the budget done wrong.",
    ],
    "how_to": [
        "How to make {topic} work in {n} simple steps",
        "How to get real results from {topic}, even on a busy week",
        "How we approach {topic} (steal this)",
    ],
    "contrarian": [
        "Unpopular opinion: you don't need more content for {topic}. You need clearer content.",
        "Hot take: {topic} isn't about doing more. It's about doing less, better.",
        "Everyone says {topic} is complicated. It doesn't have to be.",
    ],
    "how_to_short": [
        "The simplest way to make {topic} work:",
        "Quick how-to for {topic}:",
        "How we'd start with {topic} today:",
    ],
    "list_short": [
        "One thing nobody tells you about {topic}:",
        "The lesson we learned the hard way about {topic}:",
        "One quick win for {topic} you can try this week:",
    ],
    "list": [
        "{n} things nobody tells you about {topic}",
        "{n} lessons we learned the hard way about {topic}",
        "{n} quick wins for {topic} you can try this week",
    ],
    "curiosity": [
        "The part of {topic} everyone skips (and why it matters)",
        "There's one detail in {topic} most {audience} overlook.",
        "What we wish we'd known before starting with {topic}",
    ],
}

_METRICS = {
    "engaging": ["saves per post", "comments per 100 views", "replies within the first hour"],
    "educational": ["saves per post", "completion rate", "questions in the comments"],
    "inspirational": ["shares per post", "new followers per post", "saves per post"],
    "promotional": ["click-through rate", "sign-ups per 1,000 views", "conversion rate"],
    "humorous": ["shares per post", "comments per 100 views", "profile visits"],
    "professional": ["qualified leads per month", "engagement rate", "profile visits"],
}

_POINTS: dict[str, list[str]] = {
    "engaging": [
        "Start with one clear goal for {kw1} and make every post serve it.",
        "Show the work behind {kw1}: people follow people, not logos.",
        "Ask {audience} one simple question and reply to every answer.",
        "Turn your best-performing idea about {kw2} into a short series.",
        "Keep each post to one idea; the second idea belongs in tomorrow's post.",
        "Use the first line to make a promise and the rest to keep it.",
    ],
    "educational": [
        "Define what success with {topic} looks like before you start.",
        "Break {kw1} into small, repeatable steps your team can own.",
        "Review what worked after every post and do more of it.",
        "Keep {kw2} simple: one idea per post beats five half-explained ones.",
        "Use real examples from {audience} so the lesson sticks.",
        "Write down the three mistakes you see most often with {kw1} and fix one a week.",
    ],
    "inspirational": [
        "Progress with {topic} starts with one small step today, not a perfect plan.",
        "Consistency beats intensity: show up for {kw1} a little every week.",
        "Every expert in {kw2} was once a beginner who kept going.",
        "Celebrate the small wins; they are what keep {audience} moving.",
        "Your story is the one thing nobody can copy. Share it.",
    ],
    "promotional": [
        "{We} made {kw1} for people who care about the details.",
        "It's the easiest way yet to enjoy {kw2}.",
        "Everything you need for {kw2} lives in one place.",
        "Try it once and you'll see the difference.",
        "Made for {audience} who would rather spend their time on the work that matters.",
    ],
    "humorous": [
        (
            "{Topic} without a plan is like coffee without caffeine: technically possible, "
            "deeply disappointing."
        ),
        "If {kw1} were easy, your group chat would be full of experts. Oh wait.",
        "We tried winging {kw2}. The wings did not hold.",
        "Step one: stop refreshing the analytics every five minutes. Step two: see step one.",
        "Good {kw1} is like a good joke: timing is everything.",
    ],
    "professional": [
        "Tie {topic} to one measurable business outcome before scaling it.",
        "Document the process for {kw1} so results don't depend on one person.",
        "Report on {kw2} monthly, with one decision attached to every number.",
        "Test one variable at a time so you know what actually drove the change.",
        "Align {kw1} with what {audience} already care about.",
    ],
}

_CTAS: dict[str, list[str]] = {
    "engaging": [
        "Which of these will you try first? Tell us in the comments.",
        "Save this for your next planning session.",
        "Share this with someone working on {kw1}.",
    ],
    "educational": [
        "Save this so it's there when you need it.",
        "Follow for more practical tips on {kw1}.",
        "Got a question about {kw1}? Ask below and we'll answer.",
    ],
    "inspirational": [
        "Tag someone who needs to read this today.",
        "Save this as your reminder for the week.",
        "Share it with a friend who's on the same path.",
    ],
    "promotional": [
        "{link_cta}",
        "Try it this week and tell us what you think.",
        "{link_cta}",
    ],
    "humorous": [
        "Tag the friend who needs to hear this.",
        "Tell us your funniest {kw1} moment below.",
        "Share this with your team. They'll know why.",
    ],
    "professional": [
        "How does your team approach {kw1}? I'd value your perspective in the comments.",
        "Follow for more on {kw2}.",
        "If this is on your roadmap, let's compare notes.",
    ],
}

_MOOD = {
    "engaging": "engaging",
    "educational": "educational",
    "inspirational": "inspirational",
    "promotional": "promotional",
    "humorous": "humorous",
    "professional": "professional",
}


def mood(style: str) -> str:
    return _MOOD.get(style, "engaging")


def fill(template: str, slots: dict[str, str]) -> str:
    out = template
    for key, value in slots.items():
        out = out.replace("{" + key + "}", value)
    return out


_PREPOSITIONS = frozenset(
    [
        "for",
        "in",
        "on",
        "with",
        "to",
        "of",
        "at",
        "by",
        "from",
        "about",
        "across",
        "into",
        "like",
        "vs",
    ]
)
_WEAK = frozenset(
    [
        "small",
        "big",
        "large",
        "new",
        "good",
        "great",
        "better",
        "best",
        "more",
        "most",
        "easy",
        "simple",
        "quick",
        "real",
        "top",
        "first",
        "last",
        "next",
        "local",
        "online",
        "free",
        "every",
    ]
)


def head_and_tail(topic: str) -> tuple[str, str]:
    """'AI marketing for small bakeries' -> ('AI marketing', 'small bakeries')."""
    words = topic.split()
    for i, word in enumerate(words):
        if i and word.lower() in _PREPOSITIONS and i < len(words) - 1:
            return " ".join(words[:i]), " ".join(words[i + 1 :])
    return topic, " ".join(words[-2:]) if len(words) > 2 else topic


def key_phrases(text: str, limit: int = 4) -> list[str]:
    """Adjacent strong words, in order, not overlapping: 'spring menu', 'sourdough loaves'."""
    tokens = [w.strip(APOSTROPHES) for w in words(text)]
    strong = [
        len(t) > 2 and t.lower() not in STOPWORDS and t.lower() not in _WEAK and not t.isdigit()
        for t in tokens
    ]
    phrases: list[str] = []
    i = 0
    while i < len(tokens) - 1 and len(phrases) < limit:
        if strong[i] and strong[i + 1]:
            phrases.append(
                f"{tokens[i]} {tokens[i + 1]}".lower()
                if not tokens[i].isupper()
                else f"{tokens[i]} {tokens[i + 1].lower()}"
            )
            i += 2
        else:
            i += 1
    return phrases


def strong_keywords(text: str, limit: int = 6) -> list[str]:
    return [k for k in keywords(text, limit=limit * 2) if k.lower() not in _WEAK][:limit]


def slots_for(
    topic: str,
    *,
    audience: str = "",
    key_points: list[str] | None = None,
    link: str = "",
    platform: str = "",
    brand: str = "",
    extra_text: str = "",
) -> dict[str, str]:
    head, tail = head_and_tail(topic.strip())
    nums = numbers(" ".join([topic, *(key_points or []), extra_text]))
    if link:
        link_cta = f"Get started here: {link}"
    elif platform in ("instagram", "tiktok"):
        link_cta = "Tap the link in our bio to get started."
    else:
        link_cta = "Find out more through the link on our profile."
    return {
        "topic": topic.strip(),
        "Topic": capitalize(topic),
        "audience": audience.strip() or "teams like yours",
        "kw1": head,
        "kw2": tail,
        "number": nums[0] if nums else "",
        "link_cta": link_cta,
        "We": capitalize(brand) if brand else "We",
        "we": brand or "we",
    }


def hook(rng: random.Random, style: str, hook_style: str, slots: dict[str, str], n: int) -> str:
    key = hook_style
    if hook_style == "statistic" and not slots.get("number"):
        key = "statistic_no_number"
    elif hook_style in ("how_to", "list") and n < 2:
        key = f"{hook_style}_short"
    template = pick(rng, _HOOKS.get(key, _HOOKS["question"]))
    metric = pick(rng, _METRICS.get(style, _METRICS["engaging"]))
    return capitalize(fill(template, {**slots, "n": str(n), "metric": metric}))


def points(rng: random.Random, style: str, slots: dict[str, str], k: int) -> list[str]:
    pool = list(_POINTS.get(style, _POINTS["engaging"]))
    rng.shuffle(pool)
    return [capitalize(fill(t, slots)) for t in pool[:k]]


def cta(rng: random.Random, style: str, slots: dict[str, str]) -> str:
    return capitalize(fill(pick(rng, _CTAS.get(style, _CTAS["engaging"])), slots))
