"""Offline writers for admin & QA: brand safety, claims, readability and alt text."""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from agents.offline import platforms as pf
from agents.offline import text as tx
from agents.offline.lexicons import (
    CLAIM_ADVICE,
    CLAIM_PATTERNS,
    CLAIM_RISK,
    FILLERS,
    INDUSTRY_WEIGHT,
    PLAIN_WORDS,
    PROFANITY,
    SENSITIVE_TOPICS,
    SPAM_PHRASES,
)
from agents.offline.registry import Context, writer
from agents.offline.voice import _EMOJI

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_PHONE = re.compile(r"(?<!\w)(?:\+?\d[\d ().-]{7,}\d)(?!\w)")


def _excerpt(text: str, start: int, end: int) -> str:
    left = max(0, start - 25)
    right = min(len(text), end + 25)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


@writer("brand-safety-checker", voiced=False)
def brand_safety_checker(ctx: Context) -> dict[str, Any]:
    text = ctx.text("text")
    platform = ctx.text("platform")
    allowed = {t.lower() for t in ctx.items("allowed_topics")}
    issues: list[dict[str, str]] = []
    penalty = 0

    def issue(kind: str, match_start: int, match_end: int, suggestion: str, weight: int) -> None:
        nonlocal penalty
        issues.append(
            {
                "type": kind,
                "excerpt": _excerpt(text, match_start, match_end),
                "suggestion": suggestion,
            }
        )
        penalty += weight

    for m in re.finditer(r"[\w']+", text):
        if m.group(0).lower() in PROFANITY:
            issue("profanity", m.start(), m.end(), f"Remove or replace “{m.group(0)}”.", 30)
    for term in ctx.voice.words_to_avoid:
        for m in re.finditer(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", text, re.I):
            issue("avoided_word", m.start(), m.end(), f"The brand avoids “{term}”; rephrase.", 15)
    for topic, terms in SENSITIVE_TOPICS.items():
        if topic in allowed:
            continue
        for term in terms:
            found = re.search(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", text, re.I)
            if found:
                issue(
                    "sensitive_topic",
                    found.start(),
                    found.end(),
                    (
                        f"Touches on {topic.replace('_', ' ')}; check it fits brand policy "
                        f"and the news of the day."
                    ),
                    20,
                )
                break
    for phrase in SPAM_PHRASES:
        idx = text.lower().find(phrase)
        if idx >= 0:
            issue(
                "spammy", idx, idx + len(phrase), f"“{phrase}” reads as spam; say it plainly.", 10
            )
    shouting = re.findall(r"\b[A-Z]{4,}\b", text)
    if len(shouting) >= 3:
        issue("spammy", 0, min(len(text), 40), "Several words in capitals read as shouting.", 8)
    bangs = re.search(r"[!?]{3,}", text)
    if bangs:
        issue("spammy", bangs.start(), bangs.end(), "Use one exclamation mark at most.", 5)
    for m in _EMAIL.finditer(text):
        issue(
            "personal_data",
            m.start(),
            m.end(),
            "An email address is public once posted; is it a shared inbox?",
            15,
        )
    for m in _PHONE.finditer(text):
        issue(
            "personal_data",
            m.start(),
            m.end(),
            "A phone number is public once posted; check it's a business line.",
            10,
        )
    if platform:
        n = pf.length(text, platform)
        if n > pf.limit(platform):
            issue(
                "platform_limit",
                0,
                0,
                f"{n} characters: over {pf.PLATFORMS[platform].label}'s {pf.limit(platform)}.",
                25,
            )
        tags = len(re.findall(r"#\w+", text))
        if tags > pf.PLATFORMS[platform].hashtags * 2 + 2:
            issue(
                "hashtags",
                0,
                0,
                f"{tags} hashtags; about {pf.PLATFORMS[platform].hashtags} work best.",
                5,
            )
    emoji = _EMOJI.search(text)
    if ctx.voice.emoji == "none" and emoji:
        issue("emoji_policy", emoji.start(), emoji.end(), "The brand voice says no emoji.", 5)
    score = max(0, 100 - penalty)
    risk = "high" if score < 50 else "medium" if score < 80 else "low"
    return {
        "safe": risk == "low" and not any(i["type"] == "profanity" for i in issues),
        "risk_level": risk,
        "score": score,
        "issues": issues,
        "summary": (
            "No issues found."
            if not issues
            else f"{len(issues)} issue{'s' if len(issues) > 1 else ''} found; risk {risk}."
        ),
    }


@writer("claims-checker", voiced=False)
def claims_checker(ctx: Context) -> dict[str, Any]:
    text = ctx.text("text")
    industry = ctx.text("industry", "general")
    weights = INDUSTRY_WEIGHT.get(industry, {})
    claims: list[dict[str, Any]] = []
    for sentence in tx.sentences(text) or [text]:
        kinds = []
        for kind, patterns in CLAIM_PATTERNS.items():
            if any(re.search(p, sentence, re.I) for p in patterns):
                kinds.append(kind)
        if not kinds:
            continue
        level = max(CLAIM_RISK[k] + weights.get(k, 0) for k in kinds)
        risk = "high" if level >= 3 else "medium" if level == 2 else "low"
        claims.append(
            {
                "claim": sentence,
                "types": kinds,
                "risk": risk,
                "needs_evidence": risk != "low" or "statistic" in kinds,
                "suggestion": " ".join(CLAIM_ADVICE[k] for k in kinds[:2]),
            }
        )
    order = {"low": 0, "medium": 1, "high": 2}
    overall = max((c["risk"] for c in claims), key=lambda r: order[r], default="low")
    return {
        "industry": industry,
        "claims": claims,
        "overall_risk": overall,
        "summary": (
            f"{len(claims)} sentence{'s' if len(claims) != 1 else ''} make claims; "
            f"overall risk {overall}. "
            "This is a checklist for a person to verify, not legal advice."
            if claims
            else "No factual or promotional claims detected."
        ),
    }


def _plain_case(match: re.Match[str], plain: str) -> str:
    return plain[:1].upper() + plain[1:] if match.group(0)[:1].isupper() else plain


def _simplify(sentence: str) -> tuple[str, list[str]]:
    changes: list[str] = []
    for wordy, plain in sorted(PLAIN_WORDS.items(), key=lambda kv: -len(kv[0])):
        pattern = re.compile(r"\b" + re.escape(wordy) + r"\b", re.I)
        if pattern.search(sentence):
            sentence = pattern.sub(partial(_plain_case, plain=plain), sentence)
            changes.append(f"“{wordy}” → “{plain}”")
    for filler in FILLERS:
        pattern = re.compile(r"\b" + filler + r"\b ?", re.I)
        if pattern.search(sentence):
            sentence = pattern.sub("", sentence)
            changes.append(f"removed “{filler}”")
    return re.sub(r"\s{2,}", " ", sentence).strip(), changes


def _split_long(sentence: str, limit: int) -> list[str]:
    if len(tx.words(sentence)) <= limit:
        return [sentence]
    for joint in ("; ", ", and ", ", but ", ", which ", ", so ", " because "):
        if joint in sentence:
            left, right = sentence.split(joint, 1)
            right = right.strip()
            if joint.strip(", ") == "which":
                right = "This " + right
            elif joint.strip(", ") in ("and", "but", "so", "because"):
                right = joint.strip(", ").capitalize() + " " + right
            return [tx.as_sentence(left), *(_split_long(tx.as_sentence(right), limit))]
    return [sentence]


@writer("readability-editor", voiced=False)
def readability_editor(ctx: Context) -> dict[str, Any]:
    text = ctx.text("text")
    target = float(ctx.get("target_reading_ease", 60))
    max_words = int(ctx.get("max_sentence_words", 20))
    before = tx.readability(text)
    changes: list[str] = []
    long_sentences: list[str] = []
    edited_paragraphs = []
    for paragraph in tx.paragraphs(text) or [text]:
        out = []
        for sentence in tx.sentences(paragraph):
            simple, changed = _simplify(sentence)
            changes.extend(changed)
            if len(tx.words(simple)) > max_words:
                long_sentences.append(sentence)
                parts = _split_long(simple, max_words)
                if len(parts) > 1:
                    changes.append(f"split a {len(tx.words(simple))}-word sentence")
                out.extend(parts)
            else:
                out.append(simple)
        edited_paragraphs.append(" ".join(out))
    edited = "\n\n".join(edited_paragraphs)
    after = tx.readability(edited)
    met = after["reading_ease"] >= target
    return {
        "before": before,
        "after": after,
        "target_reading_ease": target,
        "target_met": met,
        "edited_text": edited,
        "changes": list(dict.fromkeys(changes)),
        "long_sentences": long_sentences,
        "summary": (
            f"Flesch reading ease {before['reading_ease']} → {after['reading_ease']} "
            f"(grade {before['grade']} → {after['grade']}). "
            + (
                "Target met."
                if met
                else "Still below target: shorten sentences further and prefer one-syllable words."
            )
        ),
    }


@writer("alt-text-writer", voiced=False)
def alt_text_writer(ctx: Context) -> dict[str, Any]:
    description = ctx.text("image_description")
    context = ctx.text("context")
    limit = int(ctx.get("max_length", 125))
    cleaned = re.sub(
        r"^(an? )?(image|picture|photo|photograph|graphic|screenshot) (of|showing|with) ",
        "",
        description.strip(),
        flags=re.I,
    )
    kind = re.match(
        r"^(an? )?(image|picture|photo|photograph|graphic|screenshot)", description.strip(), re.I
    )
    prefix = ""
    if kind and kind.group(2).lower() in ("graphic", "screenshot"):
        prefix = kind.group(2).capitalize() + ": "
    alt = tx.clip(prefix + tx.as_sentence(cleaned), limit)
    long_description = tx.as_sentence(cleaned)
    if context:
        long_description += f" Shown with a post about {tx.clip(context, 120).rstrip('.')}."
    text_in_image = ctx.text("text_in_image")
    if text_in_image:
        long_description += f" The image reads: “{text_in_image}”."
    return {
        "alt_text": alt,
        "character_count": len(alt),
        "long_description": long_description,
        "tips": [
            "Don't start with “image of”: screen readers already announce an image.",
            "Put the most important detail first.",
            *(
                ["Text in the image belongs in the alt text or the caption."]
                if text_in_image
                else []
            ),
        ],
    }
