"""Offline writers for content creation: posts, captions, threads, blogs, carousels, scripts."""

from __future__ import annotations

import itertools
import math
import re
from typing import Any

from agents.offline import platforms as pf
from agents.offline import text as tx
from agents.offline.formulas import draft_scores, hook_strength
from agents.offline.phrasing import (
    HOOK_STYLES,
    cta,
    fill,
    head_and_tail,
    hook,
    key_phrases,
    mood,
    points,
    slots_for,
    strong_keywords,
)
from agents.offline.registry import Context, writer
from agents.offline.translation import LANGUAGES, translate

POINTS_PER_PLATFORM = {
    "x": 1,
    "bluesky": 1,
    "threads": 2,
    "mastodon": 2,
    "tiktok": 2,
    "pinterest": 2,
    "facebook": 2,
    "instagram": 3,
    "linkedin": 4,
    "youtube": 4,
}
GENERIC_TAGS = frozenset(
    [
        "#love",
        "#instagood",
        "#follow",
        "#like4like",
        "#followforfollow",
        "#f4f",
        "#l4l",
        "#photooftheday",
        "#tbt",
        "#likeforlike",
        "#instadaily",
        "#picoftheday",
        "#viral",
        "#fyp",
        "#foryou",
        "#explore",
    ]
)


def _audience(ctx: Context) -> str:
    return ctx.text("audience") or ctx.voice.audience or "teams"


def make_hashtags(ctx: Context, source: str, platform: str, count: int | None = None) -> list[str]:
    """Hashtags from the request's own words: phrase tags, then strong keywords, then brand."""
    want = pf.PLATFORMS[platform].hashtags if count is None else count
    first_line = source.splitlines()[0] if source else ""
    head, tail = head_and_tail(first_line)
    candidates: list[str] = [
        tx.hashtag(t) for t in ctx.items("brand_hashtags") if not t.startswith("#")
    ] + [t for t in ctx.items("brand_hashtags") if t.startswith("#")]
    for phrase in (head, tail):
        if 1 < len(phrase.split()) <= 3:
            candidates.append(tx.hashtag(phrase))
    candidates.extend(tx.hashtag(p) for p in key_phrases(source))
    singles = strong_keywords(source, limit=6)
    candidates.extend(tx.hashtag(k) for k in sorted(singles, key=lambda k: -len(k)))
    if ctx.voice.brand_name:
        candidates.append(tx.hashtag(ctx.voice.brand_name))
    seen: set[str] = set()
    tags: list[str] = []
    for tag in candidates:
        tag = ctx.v(tag)
        if len(tag) > 2 and tag.lower() not in seen and tag.lower() not in GENERIC_TAGS:
            seen.add(tag.lower())
            tags.append(tag)
    return tags[: max(want, 0)]


def _bullet(ctx: Context, platform: str, index: int) -> str:
    if ctx.voice.emoji == "lots" and platform not in ("linkedin", "youtube"):
        return "✅ "
    return "• " if pf.PLATFORMS[platform].line_breaks else ""


def compose_post(
    ctx: Context,
    *,
    topic: str,
    style: str,
    platform: str,
    hook_style: str,
    index: int = 0,
    key_points: list[str] | None = None,
    given_cta: str = "",
    link: str = "",
    with_hashtags: bool = True,
    max_length: int | None = None,
    generate_points: bool = True,
    hashtag_source: str = "",
) -> dict[str, Any]:
    """One post for one network: hook, body, call to action and hashtags, within its limit."""
    rules = pf.PLATFORMS[platform]
    slots = slots_for(
        topic,
        audience=_audience(ctx),
        key_points=key_points,
        link=link,
        platform=platform,
        brand=ctx.voice.brand_name,
    )
    n_points = POINTS_PER_PLATFORM[platform]
    shown = min(n_points, len(key_points)) if key_points else n_points
    the_hook = ctx.v(hook(ctx.rng, style, hook_style, slots, shown))
    if key_points:
        start = index % len(key_points)
        chosen = [tx.as_sentence(p) for p in (key_points[start:] + key_points[:start])][:n_points]
    elif generate_points:
        chosen = points(ctx.rng, style, slots, n_points)
    else:
        chosen = []
    chosen = [ctx.v(p) for p in chosen]
    emoji = ctx.voice.emoji_for(mood(style), index, platform)
    hook_line = f"{the_hook} {emoji}".strip() if emoji else the_hook
    if rules.line_breaks:
        body = "\n".join(f"{_bullet(ctx, platform, i)}{p}" for i, p in enumerate(chosen))
    else:
        body = " ".join(chosen)
    the_cta = ctx.v(tx.as_sentence(given_cta) if given_cta else cta(ctx.rng, style, slots))
    if link and link not in the_cta and rules.link_in_text:
        the_cta = f"{the_cta} {link}"
    if ctx.voice.emoji == "lots" and platform not in ("linkedin", "youtube"):
        the_cta = f"{the_cta} 👇"
    signature = ctx.v(ctx.voice.signature())
    source = hashtag_source or "\n".join([topic, *(key_points or [])])
    tags = make_hashtags(ctx, source, platform) if with_hashtags else []
    blocks = [hook_line, body, signature, the_cta]
    text, kept = pf.assemble(blocks, tags, platform, optional=frozenset({1}), max_length=max_length)
    scores = draft_scores(
        text=text,
        hook=the_hook,
        style=hook_style,
        platform=platform,
        hashtags=len(kept),
        points=len(chosen) if body in text else 0,
        tone=ctx.voice.tone,
    )
    return {
        "platform": platform,
        "hook_style": hook_style,
        "hook": the_hook,
        "body": body if body in text else "",
        "cta": the_cta,
        "hashtags": kept,
        "text": text,
        "character_count": pf.length(text, platform),
        "character_limit": min(max_length or rules.limit, rules.limit),
        **scores,
    }


def _hook_order(ctx: Context, preferred: str = "") -> list[str]:
    styles = list(HOOK_STYLES)
    start = ctx.rng.randrange(len(styles))
    ordered = styles[start:] + styles[:start]
    if preferred in styles:
        ordered.remove(preferred)
        ordered.insert(0, preferred)
    return ordered


@writer("master-content-engine")
def master_content_engine(ctx: Context) -> dict[str, Any]:
    topic = ctx.text("topic")
    style = ctx.text("style", "engaging")
    platforms = ctx.items("platforms") or ["instagram"]
    count = int(ctx.get("variations", 5))
    key_points = ctx.items("key_points")
    order = _hook_order(ctx, ctx.text("hook_style"))
    variations = []
    for i in range(count):
        post = compose_post(
            ctx,
            topic=topic,
            style=style,
            platform=platforms[i % len(platforms)],
            hook_style=order[i % len(order)],
            index=i,
            key_points=key_points,
            given_cta=ctx.text("call_to_action"),
            link=ctx.text("link"),
        )
        variations.append({"version": i + 1, **post})
    best = max(variations, key=lambda v: (v["viral_potential"], v["engagement_potential"]))
    return {
        "topic": topic,
        "style": style,
        "variations": variations,
        "best_version": best["version"],
        "scoring_note": (
            "Scores are predictions from the draft's text (hook, length for the network, call "
            "to action, questions, hashtags) fed into Herald's viral-score and engagement-quality "
            "formulas. Use them to rank drafts, not to forecast reach."
        ),
    }


def _is_sentence(brief: str) -> bool:
    return len(brief.split()) >= 7 or brief.rstrip()[-1:] in ".!?"


@writer("platform-caption-writer")
def platform_caption_writer(ctx: Context) -> dict[str, Any]:
    brief = ctx.text("brief")
    style = ctx.text("style", "engaging")
    sents = tx.sentences(brief)
    if _is_sentence(brief) and sents:
        # The brief already says what to announce: lead with it, support it, ask for action.
        lede, supporting = tx.as_sentence(sents[0]), [tx.as_sentence(s) for s in sents[1:5]]
        supporting += [tx.as_sentence(p) for p in ctx.items("key_points")]
        phrases = key_phrases(sents[0])
        topic = phrases[0] if phrases else " ".join(strong_keywords(sents[0], limit=2))
    else:
        lede, supporting, topic = "", [tx.as_sentence(p) for p in ctx.items("key_points")], brief
    order = _hook_order(ctx, ctx.text("hook_style"))
    captions = []
    for i, platform in enumerate(ctx.items("platforms") or ["instagram"]):
        post = compose_post(
            ctx,
            topic=topic,
            style=style,
            platform=platform,
            hook_style=ctx.text("hook_style") or order[i % len(order)],
            index=i,
            key_points=supporting,
            link=ctx.text("link"),
            with_hashtags=bool(ctx.get("include_hashtags", True)),
            generate_points=not lede,
            hashtag_source=brief if lede else "",
        )
        text = post["text"]
        if lede:
            emoji = ctx.voice.emoji_for(mood(style), i, platform)
            opener = ctx.v(f"{lede} {emoji}".strip())
            blocks = [opener, post["body"], ctx.v(ctx.voice.signature()), post["cta"]]
            text, post["hashtags"] = pf.assemble(
                blocks, post["hashtags"], platform, optional=frozenset({1})
            )
        if platform == "youtube":
            text, post["hashtags"] = pf.assemble(
                [lede or post["hook"], "In this video:", post["body"], post["cta"]],
                post["hashtags"],
                "youtube",
            )
        count = pf.length(text, platform)
        captions.append(
            {
                "platform": platform,
                "platform_label": pf.PLATFORMS[platform].label,
                "text": text,
                "hashtags": post["hashtags"],
                "character_count": count,
                "character_limit": post["character_limit"],
                "within_limit": count <= post["character_limit"],
            }
        )
    return {"captions": captions}


@writer("thread-writer")
def thread_writer(ctx: Context) -> dict[str, Any]:
    topic = ctx.text("topic")
    platform = ctx.text("platform", "x")
    total = int(ctx.get("posts", 5))
    numbered = bool(ctx.get("numbering", True))
    style = ctx.text("style", "educational")
    slots = slots_for(topic, audience=_audience(ctx), key_points=ctx.items("key_points"))
    body_count = max(total - 2, 1)
    given = [tx.as_sentence(p) for p in ctx.items("key_points")]
    generated = points(ctx.rng, style, slots, body_count)
    middle = (given + generated)[:body_count]
    supports = [
        "Here's why it matters: small, repeatable habits compound faster than big launches.",
        "Try it on your next post and compare the numbers with your last five.",
        "Write it down as a checklist so the whole team does it the same way.",
        "If you only change one thing this week, make it this.",
        "It sounds obvious, but it's the step most people skip.",
        "The payoff shows up in saves and replies before it shows up in followers.",
    ]
    ctx.rng.shuffle(supports)
    hook_style = ctx.text("hook_style") or _hook_order(ctx)[0]
    the_hook = hook(ctx.rng, style, hook_style, slots, body_count)
    opener_emoji = ctx.voice.emoji_for("educational", 0, platform)
    first = f"{the_hook} {'🧵' if opener_emoji else ''}".strip()
    posts = [first]
    for i, point in enumerate(middle):
        posts.append(f"{point} {supports[i % len(supports)]}")
    closing = (
        " ".join(p for p in (ctx.voice.signature(), cta(ctx.rng, style, slots)) if p)
        or "That's the thread. Follow for more."
    )
    if len(posts) < total:
        posts.append(closing)
    limit = pf.limit(platform)
    out = []
    for i, text in enumerate(posts[:total]):
        text = ctx.v(text)
        suffix = f" {i + 1}/{total}" if numbered else ""
        text = pf.truncate(text, platform, limit - len(suffix)) + suffix
        out.append({"index": i + 1, "text": text, "character_count": pf.length(text, platform)})
    return {"platform": platform, "character_limit": limit, "posts": out}


_SECTION_KINDS = ("what", "why", "how", "mistakes", "measure")
_SECTION_TITLES = {
    "what": ["What {topic} really means", "{Topic}, explained simply"],
    "why": ["Why {topic} matters for {audience}", "Why {audience} should care about {topic}"],
    "how": ["How to get started with {topic}", "A practical plan for {topic}"],
    "mistakes": ["Mistakes to avoid with {topic}", "Where {topic} usually goes wrong"],
    "measure": ["How to measure {topic}", "Knowing whether {topic} is working"],
}
_SECTION_SENTENCES = {
    "what": [
        "At its core, {topic} is about earning attention with {kw1} instead of renting it.",
        "It's less about tools and more about a repeatable way of working.",
        "Done well, it gives {audience} a clear reason to pay attention and come back.",
        "Think of {kw2} as the engine and {kw1} as the fuel.",
        "The definition matters because it decides what you measure later.",
    ],
    "why": [
        "{Audience} are busy, and the teams that win are the ones that make {kw1} effortless.",
        (
            "When {topic} works, every post does more than one job: it informs, builds trust "
            "and sells."
        ),
        "It compounds: what you learn from one month of {kw2} makes the next month cheaper.",
        "Ignoring it rarely saves time; it just moves the cost somewhere harder to see.",
        "It is also where competitors are weakest, which makes it an opening.",
    ],
    "how": [
        "Start with one goal you can measure in a month.",
        "Pick two channels where your {audience} already spend time, and ignore the rest for now.",
        "Plan a week of {kw1} at once, then batch the work into a single session.",
        "Reuse every strong idea at least three times, in three formats.",
        "Review on Fridays: keep what worked, drop what didn't, and write down why.",
    ],
    "mistakes": [
        "Chasing every trend instead of owning one clear message about {kw1}.",
        "Measuring likes when the goal is leads or sales.",
        "Publishing without a call to action, so interested people have nowhere to go.",
        "Changing five things at once, so nobody knows what made the difference.",
        "Writing for the algorithm instead of for {audience}.",
    ],
    "measure": [
        "Pick one leading metric (saves, replies or click-through) and one business metric.",
        "Compare each post with your own average, not with someone else's best day.",
        "Engagement rate, interactions divided by reach, is the fairest first yardstick.",
        "Look at trends over four weeks; single posts are noisy.",
        "Write one decision next to every number you report on {kw2}.",
    ],
}


@writer("blog-writer")
def blog_writer(ctx: Context) -> dict[str, Any]:
    topic = ctx.text("topic")
    length_kind = ctx.text("length", "medium")
    sections_n, paras_n = {"short": (3, 1), "medium": (4, 2), "long": (5, 3)}.get(
        length_kind, (4, 2)
    )
    key_words = ctx.items("keywords")
    slots = slots_for(topic, audience=_audience(ctx), key_points=key_words)
    slots["Audience"] = tx.capitalize(slots["audience"])
    outline = ctx.items("outline")
    kinds = list(_SECTION_KINDS[:sections_n])
    sections = []
    for i in range(max(len(outline), sections_n) if outline else sections_n):
        kind = kinds[i % len(kinds)]
        heading = (
            outline[i] if i < len(outline) else fill(tx.pick(ctx.rng, _SECTION_TITLES[kind]), slots)
        )
        pool = [fill(s, slots) for s in _SECTION_SENTENCES[kind]]
        ctx.rng.shuffle(pool)
        paragraphs = []
        for p in range(paras_n):
            chunk = pool[(p * 2) % len(pool) : (p * 2) % len(pool) + 2] or pool[:2]
            if p == 0 and key_words:
                chunk = [
                    *chunk,
                    f"Keep {key_words[i % len(key_words)]} in view as you read this part.",
                ]
            paragraphs.append(ctx.v(" ".join(tx.capitalize(c) for c in chunk)))
        sections.append({"heading": ctx.v(tx.capitalize(heading)), "body": "\n\n".join(paragraphs)})
    title = ctx.v(
        tx.title_case(
            tx.pick(
                ctx.rng,
                [
                    f"{topic}: a practical guide for {slots['audience']}",
                    f"The no-nonsense guide to {topic}",
                    f"{topic}, step by step",
                    f"What {slots['audience']} should know about {topic}",
                ],
            )
        )
    )
    intro = ctx.v(
        f"{tx.capitalize(topic)} comes up in almost every conversation we have with "
        f"{slots['audience']}. This guide covers "
        f"{tx.join_natural([s['heading'].lower() for s in sections[:3]])}, with steps you can use "
        "this week."
    )
    signature = ctx.voice.signature()
    conclusion = ctx.v(
        " ".join(
            p
            for p in (
                f"{tx.capitalize(topic)} rewards steady, measured effort more than big bursts.",
                "Pick one idea from this guide, try it for a month, and keep score.",
                signature,
            )
            if p
        )
    )
    all_text = " ".join(
        [title, intro, *(s["heading"] + " " + s["body"] for s in sections), conclusion]
    )
    words = tx.word_count(all_text)
    used = [k for k in key_words if k.lower() in all_text.lower()]
    meta = tx.clip(
        ctx.v(f"{tx.capitalize(topic)}: {intro.split('. ')[1] if '. ' in intro else intro}"), 155
    )
    return {
        "title": title,
        "slug": tx.slugify(title),
        "meta_description": meta,
        "introduction": intro,
        "sections": sections,
        "conclusion": conclusion,
        "word_count": words,
        "reading_time_minutes": max(1, math.ceil(words / 230)),
        "keywords_used": used,
    }


@writer("carousel-planner")
def carousel_planner(ctx: Context) -> dict[str, Any]:
    topic = ctx.text("topic")
    platform = ctx.text("platform", "instagram")
    total = int(ctx.get("slides", 6))
    style = ctx.text("style", "educational")
    slots = slots_for(topic, audience=_audience(ctx), key_points=ctx.items("key_points"))
    inner = max(total - 2, 1)
    given = [tx.as_sentence(p) for p in ctx.items("key_points")]
    content = (given + points(ctx.rng, style, slots, inner))[:inner]
    visuals = [
        "Large number on a brand-colour background",
        "Icon in the centre, one line of text below",
        "Before/after split screen",
        "Photo of the team at work with a text overlay",
        "Simple diagram with three labelled boxes",
        "Screenshot with the key detail circled",
        "Checklist graphic with ticks",
    ]
    ctx.rng.shuffle(visuals)
    cover = hook(ctx.rng, style, "list", slots, inner)
    slides = [
        {
            "number": 1,
            "headline": tx.clip(ctx.v(cover), 60),
            "body": tx.clip(ctx.v(f"Swipe for {inner} ideas you can use today."), 200),
            "visual": "Bold cover: the headline in large type, brand colours, no clutter",
        }
    ]
    for i, point in enumerate(content):
        words = point.split()
        headline = " ".join(words[:6]).rstrip(",.:;") if len(words) > 6 else point.rstrip(".")
        slides.append(
            {
                "number": i + 2,
                "headline": tx.clip(ctx.v(headline), 60),
                "body": tx.clip(ctx.v(point), 200),
                "visual": visuals[i % len(visuals)],
            }
        )
    if len(slides) < total:
        slides.append(
            {
                "number": len(slides) + 1,
                "headline": tx.clip(ctx.v("Save this for later"), 60),
                "body": tx.clip(
                    ctx.v(
                        " ".join(
                            p for p in (ctx.voice.signature(), cta(ctx.rng, style, slots)) if p
                        )
                    ),
                    200,
                ),
                "visual": "Brand logo, handle and a save icon",
            }
        )
    caption = compose_post(
        ctx, topic=topic, style=style, platform=platform, hook_style="list", key_points=content
    )
    return {
        "title": ctx.v(tx.clip(cover, 100)),
        "platform": platform,
        "slides": slides[:total],
        "caption": caption["text"],
        "hashtags": caption["hashtags"],
    }


@writer("video-script-writer")
def video_script_writer(ctx: Context) -> dict[str, Any]:
    topic = ctx.text("topic")
    seconds = int(ctx.get("duration_seconds", 45))
    platform = ctx.text("platform", "tiktok")
    style = ctx.text("style", "engaging")
    slots = slots_for(topic, audience=_audience(ctx), key_points=ctx.items("key_points"))
    hook_style = ctx.text("hook_style") or _hook_order(ctx)[0]
    the_hook = ctx.v(hook(ctx.rng, style, hook_style, slots, 3))
    n_points = 2 if seconds <= 30 else 3 if seconds <= 75 else 4
    given = [tx.as_sentence(p) for p in ctx.items("key_points")]
    body = [ctx.v(p) for p in (given + points(ctx.rng, style, slots, n_points))[:n_points]]
    the_cta = ctx.v(" ".join(p for p in (ctx.voice.signature(), cta(ctx.rng, style, slots)) if p))
    shots = [
        "Talking head, close-up, eye contact",
        "B-roll of the product or workspace",
        "Screen recording with zoom on the key step",
        "Over-the-shoulder shot while doing the task",
        "Text-only card on brand colour",
    ]
    ctx.rng.shuffle(shots)
    hook_len = 3
    cta_len = max(4, round(seconds * 0.15))
    per_point = max(3, (seconds - hook_len - cta_len) // max(len(body), 1))
    scenes: list[dict[str, Any]] = [
        {
            "start_second": 0,
            "end_second": hook_len,
            "visual": "Fast open: face to camera, text of the hook on screen",
            "voiceover": the_hook,
            "on_screen_text": tx.clip(the_hook, 60),
        }
    ]
    t = hook_len
    for i, point in enumerate(body):
        end = min(t + per_point, seconds - cta_len) if i < len(body) - 1 else seconds - cta_len
        scenes.append(
            {
                "start_second": t,
                "end_second": max(end, t + 1),
                "visual": shots[i % len(shots)],
                "voiceover": point,
                "on_screen_text": tx.clip(point.split(":")[0].split(",")[0], 60),
            }
        )
        t = max(end, t + 1)
    scenes.append(
        {
            "start_second": t,
            "end_second": max(seconds, t + 1),
            "visual": "Back to camera; handle and logo on screen",
            "voiceover": the_cta,
            "on_screen_text": tx.clip(cta(ctx.rng, style, slots), 60),
        }
    )
    spoken = " ".join(s["voiceover"] for s in scenes)
    caption = compose_post(
        ctx, topic=topic, style=style, platform=platform, hook_style=hook_style, key_points=body
    )
    return {
        "title": ctx.v(tx.clip(tx.title_case(topic), 100)),
        "platform": platform,
        "duration_seconds": seconds,
        "hook": the_hook,
        "scenes": scenes,
        "cta": the_cta,
        "caption": caption["text"],
        "estimated_word_count": tx.word_count(spoken),
        "pace_note": (
            f"About {tx.word_count(spoken)} words in {seconds} s "
            f"({tx.word_count(spoken) / max(seconds, 1):.1f} words a second; 2.5 is a "
            "natural pace)."
        ),
    }


@writer("hashtag-optimizer")
def hashtag_optimizer(ctx: Context) -> dict[str, Any]:
    text = ctx.text("text")
    platform = ctx.text("platform", "instagram")
    want = int(ctx.get("max_hashtags", pf.PLATFORMS[platform].hashtags))
    existing = re.findall(r"#\w+", text)
    plain = re.sub(r"#(\w+)", r"\1", text)
    kws = tx.keywords(plain, limit=10)
    scored: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(tag: str, kind: str, relevance: float) -> None:
        if tag and tag.lower() not in seen and tag.lower() not in GENERIC_TAGS:
            seen.add(tag.lower())
            scored.append({"tag": tag, "kind": kind, "relevance": round(relevance, 1)})

    for brand in ctx.items("brand_hashtags"):
        add(brand if brand.startswith("#") else tx.hashtag(brand), "branded", 95)
    tokens = [w.lower() for w in tx.words(plain)]
    for a, b in itertools.pairwise(kws):
        if f"{a.lower()} {b.lower()}" in " ".join(tokens):
            add(tx.hashtag(f"{a} {b}"), "niche", 88)
    for rank, kw in enumerate(kws):
        add(tx.hashtag(kw), "broad" if rank < 3 else "niche", 90 - rank * 7)
    for i in range(len(kws) - 1):
        add(tx.hashtag(f"{kws[i]} {kws[i + 1]}"), "niche", 70 - i * 5)
    scored.sort(key=lambda t: -t["relevance"])
    removed = [
        {"tag": t, "reason": "Generic or engagement-bait tag; it attracts bots more than buyers."}
        for t in existing
        if t.lower() in GENERIC_TAGS
    ]
    recommended = [t["tag"] for t in scored[:want]]
    return {
        "platform": platform,
        "hashtags": scored[: max(want * 2, want)],
        "recommended": recommended,
        "removed": removed,
        "reasoning": (
            f"{pf.PLATFORMS[platform].label} posts tend to do best with about "
            f"{pf.PLATFORMS[platform].hashtags} hashtags. These come from the post's own key words "
            f"({tx.join_natural(kws[:4]) or 'none found'}): specific phrase tags first, then "
            "broader single words, branded tags always kept."
        ),
    }


@writer("content-repurposer")
def content_repurposer(ctx: Context) -> dict[str, Any]:
    content = ctx.text("content")
    sents = tx.sentences(content)
    kws = tx.keywords(content, limit=12)
    weight = {k.lower(): 12 - i for i, k in enumerate(kws)}

    def score(sentence: str) -> float:
        toks = [w.lower() for w in tx.words(sentence)]
        return sum(weight.get(t, 0) for t in toks) / (len(toks) ** 0.5 or 1)

    ranked = sorted(range(len(sents)), key=lambda i: -score(sents[i]))
    top = sorted(ranked[:5])
    key_points = [sents[i] for i in top] or [content[:200]]
    summary = tx.clip(" ".join(sents[i] for i in sorted(ranked[:2])) or content, 400)
    topic = " ".join(kws[:3]) if kws else tx.clip(content, 60)
    topic_line = tx.clip(sents[0], 90).rstrip(".!?") if sents else topic
    outputs = []
    order = _hook_order(ctx)
    for i, platform in enumerate(ctx.items("target_platforms") or ["linkedin", "x"]):
        post = compose_post(
            ctx,
            topic=topic_line,
            style=ctx.text("style", "educational"),
            platform=platform,
            hook_style=order[i % len(order)],
            index=i,
            key_points=key_points,
        )
        fmt = {"youtube": "video description", "tiktok": "video caption", "pinterest": "pin"}.get(
            platform, "post"
        )
        outputs.append(
            {
                "platform": platform,
                "format": fmt,
                "text": post["text"],
                "character_count": post["character_count"],
                "character_limit": post["character_limit"],
            }
        )
    return {
        "source_format": ctx.text("source_format", "blog"),
        "summary": ctx.v(summary),
        "key_points": [ctx.v(p) for p in key_points],
        "outputs": outputs,
    }


@writer("hook-generator")
def hook_generator(ctx: Context) -> dict[str, Any]:
    topic = ctx.text("topic")
    platform = ctx.text("platform", "instagram")
    style = ctx.text("style", "engaging")
    styles = ctx.items("styles") or list(HOOK_STYLES)
    per = int(ctx.get("per_style", 1))
    slots = slots_for(topic, audience=_audience(ctx), key_points=ctx.items("key_points"))
    hooks: list[dict[str, Any]] = []
    seen: set[str] = set()
    for hook_style in styles:
        for _ in range(per * 3):
            text = ctx.v(hook(ctx.rng, style, hook_style, slots, ctx.rng.choice([3, 5, 7])))
            text = pf.truncate(text, platform, 150)
            if text in seen:
                continue
            seen.add(text)
            hooks.append(
                {
                    "style": hook_style,
                    "text": text,
                    "character_count": pf.length(text, platform),
                    "strength": round(hook_strength(text, hook_style), 1),
                }
            )
            if sum(1 for h in hooks if h["style"] == hook_style) >= per:
                break
    hooks.sort(key=lambda h: -h["strength"])
    return {"topic": topic, "platform": platform, "hooks": hooks}


_EMAIL_ROLES = [
    ("welcome", "Welcome: what to expect from {product}"),
    ("problem", "The real cost of {pain}"),
    ("solution", "How {product} takes care of {kw1}"),
    ("proof", "What changes in the first week with {product}"),
    ("offer", "{offer_line}"),
    ("urgency", "Last chance: {offer_short}"),
    ("last_call", "Before we stop writing about {kw1}"),
]


@writer("email-campaign-writer")
def email_campaign_writer(ctx: Context) -> dict[str, Any]:
    product = ctx.text("product")
    goal = ctx.text("campaign_goal")
    audience = _audience(ctx)
    offer = ctx.text("offer")
    sender = ctx.text("sender_name", ctx.voice.brand_name or "The team")
    count = int(ctx.get("emails", 3))
    kws = tx.keywords(f"{goal} {product}", limit=4) or [product]
    pain = f"doing {kws[0]} the hard way"
    offer_short = tx.clip(offer, 40) if offer else "the offer ends soon"
    slots = {
        "product": product,
        "kw1": kws[0],
        "pain": pain,
        "offer_line": f"Your offer: {offer_short}" if offer else f"An easier way to {goal.lower()}",
        "offer_short": offer_short,
    }
    roles = _EMAIL_ROLES[:count] if count < len(_EMAIL_ROLES) else _EMAIL_ROLES
    if count >= 2 and roles[-1][0] not in ("offer", "urgency", "last_call"):
        roles = [*roles[:-1], ("offer", "{offer_line}")]
    days = [0, 2, 4, 7, 10, 14, 21]
    bodies = {
        "welcome": (
            "Thanks for joining us. Over the next few emails we'll share how {audience} use "
            "{product} to {goal}. No fluff, one idea per email."
        ),
        "problem": (
            "Most {audience} we talk to lose hours each week to {pain}. It's rarely a lack "
            "of effort; it's a process that fights back."
        ),
        "solution": (
            "{product} handles the repetitive parts of {kw1} so you can focus on the "
            "decisions only you can make. Setup takes minutes, not weeks."
        ),
        "proof": (
            "In the first week most teams see where their time goes and what to stop doing. "
            "That clarity is usually the biggest win."
        ),
        "offer": "{offer_text} If you've been meaning to {goal}, this is a good moment to start.",
        "urgency": "A quick reminder: {offer_short}. After that, things go back to normal.",
        "last_call": (
            "This is our last email in this series. If {product} isn't for you right now, no "
            "hard feelings. If it is, the door is open."
        ),
    }
    offer_text = f"For the next few days: {offer}." if offer else f"You can try {product} today."
    sequence = []
    for i, (role, subject_t) in enumerate(roles):
        body = fill(
            bodies[role],
            {
                **slots,
                "audience": audience,
                "goal": goal.lower().rstrip("."),
                "offer_text": offer_text,
            },
        )
        signature = ctx.voice.signature()
        sign_off = f"{signature}\n\n" if signature else ""
        body_full = f"Hi {{first_name}},\n\n{body}\n\n{sign_off}{sender}"
        sequence.append(
            {
                "day": days[i],
                "role": role,
                "subject": tx.clip(ctx.v(tx.capitalize(fill(subject_t, slots))), 70),
                "preview_text": tx.clip(ctx.v(body.split(". ")[0]), 90),
                "body": ctx.v(body_full),
                "cta": ctx.v(
                    {
                        "welcome": "Get set up",
                        "offer": "Claim the offer",
                        "urgency": "Claim it now",
                    }.get(role, f"See how {product} works")
                ),
            }
        )
    return {
        "campaign_goal": goal,
        "sequence": sequence,
        "notes": (
            "Personalise {first_name} in your email tool. Subject lines stay under 70 characters."
        ),
    }


@writer("translator", voiced=False)
def translator(ctx: Context) -> dict[str, Any]:
    language = ctx.text("target_language", "es")
    result = translate(ctx.text("text"), language)
    untranslated = list(result["untranslated"])  # type: ignore[call-overload]
    coverage = float(result["coverage"])  # type: ignore[arg-type]
    note = (
        f"Offline phrase-table translation into {LANGUAGES[language]}: {round(coverage * 100)}% of "
        "the words were found in Herald's marketing phrase table. "
    )
    if untranslated:
        note += (
            "Segments in ⟦ ⟧ are still in the source language; have a fluent speaker or an AI "
            "provider finish them before publishing."
        )
    else:
        note += "Every word was covered; still have a fluent speaker check grammar and tone."
    return {
        "target_language": language,
        "language_name": LANGUAGES[language],
        "translated_text": str(result["text"]),
        "coverage": coverage,
        "untranslated_segments": untranslated,
        "method": "phrase_table",
        "notes": note,
    }
