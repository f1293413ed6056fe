"""Small text tools the offline writer is built from: tokens, keywords, sentences, readability.

Everything here is deterministic: randomness comes from `seeded_rng`, seeded by the request, so
the same input always gives the same text and a different input gives a different one.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "get",
        "gets",
        "got",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "lets",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "new",
        "way",
        "ways",
        "make",
        "makes",
        "using",
        "use",
        "used",
        "via",
        "vs",
        "thing",
        "things",
        "really",
        "get",
        "need",
        "needs",
        "want",
        "wants",
        "one",
        "two",
        "three",
        "best",
        "tips",
        "guide",
        "how-to",
    ]
)

APOSTROPHES = "'\u2019-"
_WORD = re.compile(r"[^\W_](?:[\w'\u2019-]*[^\W_])?", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9#@¿¡])")
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,.]*\s?(?:%|percent|x|k|m|million|billion)?)(?![\w])", re.I)


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def seeded_rng(*parts: Any) -> random.Random:
    """A random generator that depends only on `parts` (stable across processes)."""
    digest = hashlib.sha256(canonical_json(list(parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))  # noqa: S311 - not for security


def pick(rng: random.Random, options: Sequence[T]) -> T:
    return options[rng.randrange(len(options))]


def sample(rng: random.Random, options: Sequence[T], k: int) -> list[T]:
    return rng.sample(list(options), min(k, len(options)))


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def keywords(text: str, limit: int = 6) -> list[str]:
    """The content words of `text`, most frequent first, ties in order of appearance.

    Lower-cased, except acronyms (AI, SEO, B2B), which keep their capitals.
    """
    display: dict[str, str] = {}
    tokens: list[str] = []
    for raw in words(text):
        word = raw.strip(APOSTROPHES)
        low = word.lower()
        acronym = word.isupper() and 2 <= len(word) <= 5
        if (len(low) <= 2 and not acronym) or low in STOPWORDS or low.isdigit():
            continue
        if acronym or low not in display:
            display[low] = word if acronym else low
        tokens.append(low)
    counts = Counter(tokens)
    first = {w: i for i, w in reversed(list(enumerate(tokens)))}
    ranked = sorted(counts, key=lambda w: (-counts[w], first[w]))
    return [display[w] for w in ranked[:limit]]


def numbers(text: str) -> list[str]:
    return [m.group(1).strip() for m in _NUMBER.finditer(text or "")]


def sentences(text: str) -> list[str]:
    text = re.sub(r"\s+", " ", (text or "").strip())
    if not text:
        return []
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def capitalize(text: str) -> str:
    """Upper-case the first letter only (keeps 'AI', 'iPhone' and names as they are)."""
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def as_sentence(text: str) -> str:
    text = capitalize(text.strip().rstrip(",;:"))
    if text and text[-1] not in ".!?…":
        text += "."
    return text


def title_case(text: str) -> str:
    small = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to"}
    out = []
    for i, word in enumerate(text.split()):
        if i and word.lower() in small:
            out.append(word.lower())
        elif word.isupper() or any(c.isupper() for c in word[1:]):
            out.append(word)  # acronyms and brand casing stay
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def slugify(text: str, limit: int = 80) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "post"


def join_natural(items: Iterable[str], conjunction: str = "and") -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def hashtag(phrase: str) -> str:
    """'ai marketing' -> '#AiMarketing'; keeps letters and digits of any script."""
    parts = [p for p in re.split(r"[^\w]+", phrase) if p and p != "_"]
    tag = "".join(p if p.isupper() and len(p) <= 4 else p[:1].upper() + p[1:] for p in parts)
    return f"#{tag}" if tag else ""


def clip(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut at a word boundary so the result is at most `limit` characters."""
    text = text.strip()
    if len(text) <= limit:
        return text
    room = max(limit - len(ellipsis), 1)
    cut = text[:room]
    if " " in cut[int(room * 0.6) :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + ellipsis


def word_count(text: str) -> int:
    return len(words(text))


# --- Readability (Flesch reading ease and Flesch-Kincaid grade) -----------------------------

_VOWELS = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    word = re.sub(r"[^a-z]", "", word.lower())
    if not word:
        return 0
    if len(word) <= 3:
        return 1
    word = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", word)
    word = re.sub(r"^y", "", word)
    return max(1, len(_VOWELS.findall(word)))


def readability(text: str) -> dict[str, float]:
    """Flesch reading ease (0-100, higher is easier) and the US school grade it reads at."""
    sents = sentences(text) or ([text] if text.strip() else [])
    toks = [w for w in words(text) if any(c.isalpha() for c in w)]
    if not toks:
        return {"reading_ease": 0.0, "grade": 0.0, "words": 0, "sentences": 0, "syllables": 0}
    n_syll = sum(syllables(w) for w in toks)
    wps = len(toks) / max(len(sents), 1)
    spw = n_syll / len(toks)
    ease = 206.835 - 1.015 * wps - 84.6 * spw
    grade = 0.39 * wps + 11.8 * spw - 15.59
    return {
        "reading_ease": round(max(0.0, min(100.0, ease)), 1),
        "grade": round(max(0.0, grade), 1),
        "words": len(toks),
        "sentences": len(sents),
        "syllables": n_syll,
    }


def clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return max(low, min(high, value))
