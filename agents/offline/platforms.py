"""What each network allows and rewards: character limits, hashtag habits, posting windows.

Limits are the networks' documented maximums for a post's text (YouTube: the description).
X counts characters by weight (https://docs.x.com/fundamentals/counting-characters): most
Latin, Greek and Cyrillic characters count 1, everything else (CJK, emoji) counts 2, and a
link always counts 23.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agents.offline.text import clip


@dataclass(frozen=True)
class PlatformRules:
    label: str
    limit: int
    hashtags: int  # how many hashtags tend to help, not the maximum allowed
    ideal: tuple[int, int]  # a caption length range that tends to perform
    link_in_text: bool  # whether links in the post text are clickable
    line_breaks: bool  # whether long posts read better in short paragraphs


PLATFORMS: dict[str, PlatformRules] = {
    "x": PlatformRules("X", 280, 2, (70, 220), True, False),
    "linkedin": PlatformRules("LinkedIn", 3000, 3, (600, 1500), True, True),
    "instagram": PlatformRules("Instagram", 2200, 8, (150, 700), False, True),
    "facebook": PlatformRules("Facebook", 63206, 2, (40, 300), True, True),
    "tiktok": PlatformRules("TikTok", 2200, 4, (80, 300), False, False),
    "threads": PlatformRules("Threads", 500, 1, (100, 400), True, False),
    "bluesky": PlatformRules("Bluesky", 300, 2, (80, 250), True, False),
    "mastodon": PlatformRules("Mastodon", 500, 3, (100, 450), True, False),
    "pinterest": PlatformRules("Pinterest", 500, 4, (100, 450), True, False),
    "youtube": PlatformRules("YouTube (description)", 5000, 3, (200, 1500), True, True),
}
PLATFORM_CHOICES = list(PLATFORMS)

# Windows (weekday 0=Monday, local hour) that industry studies keep finding strong. They are a
# starting point for accounts without their own history, and say so wherever they are shown.
DEFAULT_WINDOWS: dict[str, list[tuple[int, int]]] = {
    "x": [(1, 9), (2, 12), (3, 9), (0, 12), (4, 10)],
    "linkedin": [(1, 8), (2, 10), (3, 9), (1, 12), (2, 17)],
    "instagram": [(1, 11), (2, 14), (3, 11), (4, 10), (6, 18)],
    "facebook": [(1, 9), (2, 13), (3, 10), (4, 9), (5, 11)],
    "tiktok": [(1, 19), (3, 20), (4, 17), (5, 11), (6, 19)],
    "threads": [(1, 8), (2, 12), (3, 18), (0, 9), (4, 12)],
    "bluesky": [(0, 9), (1, 12), (2, 15), (3, 11), (4, 9)],
    "mastodon": [(1, 10), (2, 14), (3, 10), (4, 15), (0, 13)],
    "pinterest": [(5, 20), (6, 16), (4, 15), (0, 20), (2, 21)],
    "youtube": [(4, 15), (5, 11), (6, 10), (3, 16), (2, 17)],
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_URL = re.compile(r"https?://\S+")


def _weight(char: str) -> int:
    code = ord(char)
    if (
        code <= 0x10FF
        or 0x2000 <= code <= 0x200D
        or 0x2010 <= code <= 0x201F
        or 0x2032 <= code <= 0x2037
    ):
        return 1
    return 2


def length(text: str, platform: str) -> int:
    """The length the platform counts against its limit."""
    if platform != "x":
        return len(text)
    urls = _URL.findall(text)
    rest = _URL.sub("", text)
    return sum(_weight(c) for c in rest) + 23 * len(urls)


def limit(platform: str) -> int:
    return PLATFORMS[platform].limit


def fits(text: str, platform: str) -> bool:
    return length(text, platform) <= limit(platform)


def truncate(text: str, platform: str, max_length: int | None = None) -> str:
    """Shorten at a word boundary until the platform accepts it."""
    cap = min(max_length or limit(platform), limit(platform))
    while length(text, platform) > cap:
        over = length(text, platform) - cap
        text = clip(text, max(len(text) - over - 1, 1))
    return text


def assemble(
    blocks: list[str],
    hashtags: list[str],
    platform: str,
    *,
    optional: frozenset[int] = frozenset(),
    max_length: int | None = None,
) -> tuple[str, list[str]]:
    """Join the blocks and hashtags, then make room: hashtags go first, then optional blocks
    (by index, last first), then the text is cut at a word boundary. Returns (text, hashtags kept).
    """
    rules = PLATFORMS[platform]
    cap = min(max_length or rules.limit, rules.limit)
    sep = "\n\n" if rules.line_breaks else "\n"
    kept_blocks = [b.strip() for b in blocks if b and b.strip()]
    droppable = sorted((i for i in optional if i < len(kept_blocks)), reverse=True)
    tags = list(hashtags)

    def render(bs: list[str], ts: list[str]) -> str:
        text = sep.join(bs)
        return f"{text}{sep}{' '.join(ts)}" if ts else text

    text = render(kept_blocks, tags)
    while length(text, platform) > cap and len(tags) > 1:
        tags.pop()
        text = render(kept_blocks, tags)
    for index in droppable:
        if length(text, platform) <= cap:
            break
        kept_blocks = kept_blocks[:index] + kept_blocks[index + 1 :]
        text = render(kept_blocks, tags)
    if length(text, platform) > cap and tags:
        tags = []
        text = render(kept_blocks, tags)
    if length(text, platform) > cap:
        text = truncate(text, platform, cap)
    return text, tags
