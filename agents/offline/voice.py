"""Brand voice for the offline writer: tone, words to use and to avoid, and the emoji policy."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from agents.offline.text import join_natural

TONES = (
    "friendly",
    "professional",
    "playful",
    "bold",
    "empathetic",
    "authoritative",
    "inspirational",
    "luxury",
    "casual",
)
EMOJI_POLICIES = ("none", "light", "lots")

# Words brands most often ban, and a plainer word to put in their place.
SYNONYMS = {
    "cheap": "affordable",
    "cheapest": "most affordable",
    "guarantee": "promise",
    "guaranteed": "designed",
    "revolutionary": "new",
    "game-changer": "big step forward",
    "game changer": "big step forward",
    "game-changing": "significant",
    "synergy": "teamwork",
    "leverage": "use",
    "utilize": "use",
    "disrupt": "change",
    "disruptive": "fresh",
    "hack": "tip",
    "hacks": "tips",
    "best": "strongest",
    "free": "included",
    "amazing": "remarkable",
    "awesome": "great",
    "easy": "simple",
    "simple": "straightforward",
    "cutting-edge": "modern",
    "innovative": "inventive",
    "seamless": "smooth",
    "robust": "solid",
    "unlock": "open up",
    "boost": "raise",
    "secret": "lesser-known",
    "ultimate": "complete",
    "viral": "widely shared",
    "hustle": "effort",
    "crush": "do well at",
    "grow": "build",
    "growth": "progress",
    "results": "outcomes",
    "buy": "get",
    "sale": "offer",
    "discount": "lower price",
    "customers": "clients",
    "customer": "client",
    "clients": "customers",
    "client": "customer",
}

_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U00002b00-\U00002bff\U0001f900-\U0001f9ff"
    "\u200d\ufe0f\u20e3\u2190-\u21ff\u2300-\u23ff]"
)

EMOJI_SETS = {
    "engaging": ["🚀", "✨", "💡", "👇", "🔥"],
    "educational": ["💡", "📌", "✅", "🧠"],
    "promotional": ["🎉", "👉", "🛍️", "⚡"],
    "inspirational": ["🌱", "✨", "💪", "🌟"],
    "humorous": ["😅", "🙃", "😂"],
    "professional": ["📈", "🔍", "📊"],
    "empathetic": ["💛", "🤝"],
}


@dataclass(frozen=True)
class BrandVoice:
    tone: str = "friendly"
    words_to_use: tuple[str, ...] = ()
    words_to_avoid: tuple[str, ...] = ()
    emoji: str = "light"
    audience: str = ""
    brand_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> BrandVoice:
        data = data or {}
        tone_text = str(data.get("tone") or "friendly").lower()
        tone = next((t for t in TONES if t in tone_text), _tone_alias(tone_text))
        emoji = str(data.get("emoji") or "light").lower()
        return cls(
            tone=tone,
            words_to_use=tuple(_clean_terms(data.get("words_to_use"))),
            words_to_avoid=tuple(_clean_terms(data.get("words_to_avoid"))),
            emoji=emoji if emoji in EMOJI_POLICIES else "light",
            audience=str(data.get("audience") or "").strip(),
            brand_name=str(data.get("brand_name") or "").strip(),
        )

    @property
    def exclaims(self) -> bool:
        return self.tone in ("friendly", "playful", "bold", "casual", "inspirational")

    @property
    def end(self) -> str:
        return "!" if self.exclaims else "."

    @property
    def we(self) -> str:
        return self.brand_name or "we"

    def emoji_for(self, mood: str, index: int = 0, platform: str = "") -> str:
        """One emoji for this mood, or "" when the policy (or LinkedIn's register) says no."""
        if self.emoji == "none":
            return ""
        if platform in ("linkedin", "youtube", "pinterest") and self.emoji == "light":
            return ""
        options = EMOJI_SETS.get(mood) or EMOJI_SETS["engaging"]
        return options[index % len(options)]

    def signature(self) -> str:
        """A line that carries the words the brand wants heard, or "" when there are none."""
        chosen = [w for w in self.words_to_use[:3] if w]
        if not chosen:
            return ""
        if len(chosen) == 1:
            return f"That's what {chosen[0]} looks like in practice."
        line = f"{join_natural(chosen)}: that's the standard we hold ourselves to."
        return line[:1].upper() + line[1:]

    def describe(self) -> str:
        parts = [f"tone: {self.tone}"]
        if self.words_to_use:
            parts.append("use: " + ", ".join(self.words_to_use))
        if self.words_to_avoid:
            parts.append("avoid: " + ", ".join(self.words_to_avoid))
        parts.append(f"emoji: {self.emoji}")
        return "; ".join(parts)


def _tone_alias(text: str) -> str:
    aliases = {
        "warm": "friendly",
        "formal": "professional",
        "corporate": "professional",
        "fun": "playful",
        "witty": "playful",
        "humorous": "playful",
        "confident": "bold",
        "caring": "empathetic",
        "expert": "authoritative",
        "premium": "luxury",
        "relaxed": "casual",
        "motivational": "inspirational",
    }
    return next((tone for word, tone in aliases.items() if word in text), "friendly")


def _clean_terms(value: Any) -> list[str]:
    if isinstance(value, str):
        value = re.split(r"[,\n]", value)
    if not isinstance(value, list):
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + re.escape(term) + r"(?![\w-])", re.IGNORECASE)


def _match_case(source: str, replacement: str) -> str:
    if source.isupper() and len(source) > 1:
        return replacement.upper()
    if source[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _article_and_term(term: str) -> re.Pattern[str]:
    return re.compile(
        r"(?:(?<![\w-])(?P<article>[Aa]n?) )?(?<![\w-])(?P<term>" + re.escape(term) + r")(?![\w-])",
        re.IGNORECASE,
    )


def _replace(match: re.Match[str], substitute: str) -> str:
    word = _match_case(match.group("term"), substitute)
    article = match.group("article")
    if not article:
        return word
    if not word:
        return article
    fixed = "an" if word[:1].lower() in "aeiou" else "a"
    return f"{_match_case(article, fixed)} {word}"


def mentions(text: str, term: str) -> bool:
    return bool(_term_pattern(term).search(text))


def scrub(text: str, voice: BrandVoice) -> str:
    """Replace (or drop) every word the brand avoids; hashtags containing one are dropped."""
    if not voice.words_to_avoid:
        return text
    avoided = [t.lower() for t in voice.words_to_avoid]
    for term in sorted(voice.words_to_avoid, key=len, reverse=True):
        text = re.sub(
            r"#\w*" + re.escape(term.replace(" ", "")) + r"\w*", "", text, flags=re.IGNORECASE
        )
        substitute = SYNONYMS.get(term.lower(), "")
        if substitute.lower() in avoided or any(mentions(substitute, a) for a in avoided):
            substitute = ""
        text = _article_and_term(term).sub(partial(_replace, substitute=substitute), text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    text = re.sub(r"(^|\n) +", r"\1", text)
    return text.strip()


def strip_emoji(text: str) -> str:
    text = _EMOJI.sub("", text)
    return re.sub(r"[ \t]{2,}", " ", text).replace(" \n", "\n").strip()


def apply(text: str, voice: BrandVoice) -> str:
    """The final pass over any text the offline writer produces for a brand."""
    text = scrub(text, voice)
    if voice.emoji == "none":
        text = strip_emoji(text)
    if not voice.exclaims:
        text = re.sub(r"!+", ".", text)
    return text
