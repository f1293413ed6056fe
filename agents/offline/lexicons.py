"""Word lists behind the offline analyses: sentiment, brand safety, claims and plain language.

The sentiment lexicon follows the AFINN convention (integers from -5 to +5); negations flip
the next two words and intensifiers scale them, as in VADER. Small on purpose: it covers the
language of comments, reviews and messages to a brand, and says which words it relied on.
"""

# ruff: noqa: E501 - tables read better one entry per line

from __future__ import annotations

# fmt: off
SENTIMENT: dict[str, int] = {
    # positive
    "love": 3, "loved": 3, "loving": 3, "lovely": 3, "like": 2, "liked": 2, "great": 3,
    "good": 2, "nice": 2, "awesome": 4, "amazing": 4, "excellent": 3, "fantastic": 4,
    "wonderful": 4, "perfect": 3, "best": 3, "better": 2, "happy": 3, "glad": 2, "thanks": 2,
    "thank": 2, "thx": 2, "helpful": 2, "useful": 2, "easy": 1, "fast": 1, "quick": 1,
    "recommend": 2, "recommended": 2, "beautiful": 3, "brilliant": 4, "cool": 1, "fun": 2,
    "enjoy": 2, "enjoyed": 2, "impressed": 3, "impressive": 3, "friendly": 2, "smooth": 2,
    "reliable": 2, "favorite": 2, "favourite": 2, "superb": 4, "delighted": 3, "excited": 3,
    "exciting": 3, "wow": 3, "yay": 3, "congrats": 3, "congratulations": 3, "win": 2,
    "worth": 2, "incredible": 4, "outstanding": 4, "satisfied": 2, "pleased": 2, "kind": 2,
    "clean": 1, "fresh": 1, "delicious": 3, "tasty": 2, "legend": 3, "gem": 3, "solid": 2,
    "inspiring": 3, "valuable": 2, "clear": 1, "fixed": 1, "resolved": 2, "appreciate": 2,
    # negative
    "hate": -3, "hated": -3, "bad": -3, "terrible": -3, "awful": -3, "horrible": -3,
    "worst": -3, "poor": -2, "disappointed": -2, "disappointing": -2, "annoying": -2,
    "annoyed": -2, "angry": -3, "upset": -2, "sad": -2, "broken": -2, "broke": -2, "bug": -1,
    "bugs": -1, "crash": -2, "crashed": -2, "crashes": -2, "slow": -2, "late": -1, "delay": -1,
    "delayed": -2, "never": -1, "useless": -2, "waste": -2, "wasted": -2, "scam": -4,
    "fraud": -4, "fake": -3, "rude": -2, "refund": -1, "cancel": -1, "problem": -2,
    "problems": -2, "issue": -1, "issues": -1, "error": -2, "fail": -2, "failed": -2,
    "failure": -2, "wrong": -2, "missing": -2, "lost": -2, "confusing": -2, "confused": -2,
    "expensive": -1, "overpriced": -2, "unacceptable": -3, "ridiculous": -3, "worse": -3,
    "sucks": -3, "meh": -1, "boring": -2, "ugly": -3, "dirty": -2, "cold": -1, "stuck": -2,
    "frustrated": -2, "frustrating": -2, "complaint": -2, "unhappy": -2, "ignored": -2,
    "spam": -2, "cheated": -3, "misleading": -3, "damaged": -2, "unusable": -3, "nightmare": -3,
}
EMOJI_SENTIMENT = {
    "😍": 3, "❤️": 3, "❤": 3, "😊": 2, "🙂": 1, "👍": 2, "🙌": 3, "🔥": 2, "🎉": 3, "😂": 1,
    "👏": 2, "💯": 2, "😡": -3, "😠": -3, "👎": -2, "😞": -2, "😢": -2, "😭": -2, "🤬": -4,
    "🙄": -1, "😤": -2,
}
NEGATIONS = frozenset(
    ["not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "cannot", "can't", "won't", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't", "weren't", "shouldn't", "wouldn't", "couldn't", "hardly", "barely", "without"]
)
INTENSIFIERS = {
    "very": 1.3, "really": 1.3, "so": 1.25, "super": 1.4, "extremely": 1.5, "totally": 1.3,
    "absolutely": 1.4, "incredibly": 1.5, "too": 1.2, "quite": 1.1, "slightly": 0.6,
    "somewhat": 0.7, "kinda": 0.7, "bit": 0.7,
}

# --- Brand safety ---------------------------------------------------------------------------

PROFANITY = frozenset(
    ["damn", "hell", "crap", "shit", "shitty", "fuck", "fucking", "fucked", "wtf", "bullshit", "ass", "asshole", "bastard", "bitch", "piss", "pissed", "dick", "prick", "bloody", "screw", "screwed", "sucks"]
)
SENSITIVE_TOPICS: dict[str, tuple[str, ...]] = {
    "politics": ("election", "vote", "democrat", "republican", "politician", "parliament",
                 "senator", "president", "campaign rally", "left-wing", "right-wing"),
    "religion": ("religion", "church", "mosque", "temple", "god", "prayer", "bible", "quran"),
    "violence": ("kill", "shoot", "shooting", "attack", "war", "bomb", "murder", "weapon",
                 "gun", "guns", "terror"),
    "tragedy": ("disaster", "tragedy", "earthquake", "hurricane", "pandemic", "funeral",
                "death", "died", "victims"),
    "health": ("cure", "cures", "disease", "cancer", "diabetes", "covid", "vaccine",
               "depression", "anxiety", "diagnosis"),
    "alcohol_drugs": ("alcohol", "beer", "wine", "vodka", "cannabis", "weed", "drug", "drugs",
                      "vape", "smoking"),
    "gambling": ("casino", "bet", "betting", "gamble", "gambling", "jackpot", "lottery"),
    "adult": ("sexy", "nsfw", "explicit", "nude", "xxx"),
}
SPAM_PHRASES = (
    "click here", "act now", "100% free", "limited time only", "buy now", "no risk",
    "risk-free", "once in a lifetime", "what are you waiting for", "dm me for", "follow for follow",
    "f4f", "l4l", "make money fast", "earn money", "work from home", "double your",
)

# --- Claims ---------------------------------------------------------------------------------

CLAIM_PATTERNS: dict[str, tuple[str, ...]] = {
    "absolute": (
        r"\bbest\b", r"#1\b", r"\bnumber one\b", r"\bguarantee[sd]?\b", r"\balways\b",
        r"\bnever\b", r"\b100%", r"\bproven\b", r"\bonly\b", r"\bworld'?s (?:first|leading)\b",
        r"\bunbeatable\b", r"\bperfect\b", r"\bforever\b", r"\binstantly\b",
    ),
    "statistic": (
        r"\b\d[\d,.]*\s?%", r"\b\d+(?:\.\d+)?x\b", r"\b\d+\s?times\b",
        r"\b\d[\d,.]*\s(?:customers|users|people|clients|brands|companies)\b",
        r"\b(?:half|twice|triple|double)\b",
    ),
    "comparative": (
        r"\b(?:better|faster|cheaper|stronger|easier|smarter|safer|more \w+) than\b",
        r"\bunlike (?:other|any)\b", r"\bleading\b", r"\boutperform\w*\b",
    ),
    "health": (
        r"\bcures?\b", r"\btreats?\b", r"\bprevents?\b", r"\bheals?\b", r"\bweight loss\b",
        r"\bdetox\w*\b", r"\bimmun\w+\b", r"\bclinically\b", r"\bdoctor[- ]recommended\b",
        r"\bburns? fat\b", r"\banti-aging\b",
    ),
    "financial": (
        r"\breturns?\b", r"\bprofit\w*\b", r"\bearn \$?\d", r"\brisk[- ]free\b",
        r"\bpassive income\b", r"\bget rich\b", r"\bfinancial freedom\b", r"\binvest\w*\b",
        r"\bsave \$?\d",
    ),
    "environmental": (
        r"\beco[- ]friendly\b", r"\bcarbon[- ]neutral\b", r"\bgreen\b", r"\bsustainabl\w+\b",
        r"\bnet[- ]zero\b", r"\bbiodegradable\b", r"\bnatural\b", r"\bnon-toxic\b",
    ),
    "testimonial": (
        r"\bcustomers? (?:say|love)\b", r"\brated\b", r"\breviews?\b", r"\btrusted by\b",
        r"\bawarded?\b", r"\bas seen on\b",
    ),
}
CLAIM_ADVICE = {
    "absolute": "Absolute words need proof you can show on request; soften or qualify them.",
    "statistic": "Keep the source of this figure and cite it (study, date, sample).",
    "comparative": "Comparisons need a like-for-like test you can name; say what was compared.",
    "health": "Health benefits are regulated claims; only use wording your evidence supports.",
    "financial": "Financial outcomes need risk wording and must not promise results.",
    "environmental": "Green claims need specifics (what, how measured) to avoid greenwashing.",
    "testimonial": "Reviews and ratings must be real, current and representative; link them.",
}
CLAIM_RISK = {
    "absolute": 2, "statistic": 2, "comparative": 2, "health": 3, "financial": 3,
    "environmental": 2, "testimonial": 1,
}
# Industries where some claim types are regulated more strictly.
INDUSTRY_WEIGHT = {
    "health": {"health": 2, "statistic": 1},
    "finance": {"financial": 2, "statistic": 1},
    "food": {"health": 1, "environmental": 1},
    "beauty": {"health": 1, "testimonial": 1},
    "legal": {"absolute": 1, "testimonial": 1},
}

# fmt: on

# --- Plain language -------------------------------------------------------------------------

PLAIN_WORDS = {
    "in order to": "to",
    "due to the fact that": "because",
    "at this point in time": "now",
    "in the event that": "if",
    "prior to": "before",
    "with regard to": "about",
    "with respect to": "about",
    "a large number of": "many",
    "the majority of": "most",
    "is able to": "can",
    "are able to": "can",
    "has the ability to": "can",
    "utilize": "use",
    "utilizes": "uses",
    "utilization": "use",
    "facilitate": "help",
    "facilitates": "helps",
    "approximately": "about",
    "commence": "start",
    "commences": "starts",
    "demonstrate": "show",
    "demonstrates": "shows",
    "subsequently": "then",
    "numerous": "many",
    "additional": "more",
    "assistance": "help",
    "purchase": "buy",
    "endeavor": "try",
    "endeavour": "try",
    "sufficient": "enough",
    "individuals": "people",
    "regarding": "about",
    "obtain": "get",
    "require": "need",
    "requires": "needs",
    "implement": "carry out",
    "optimize": "improve",
    "leverage": "use",
    "methodology": "method",
    "functionality": "features",
    "consequently": "so",
    "nevertheless": "still",
    "therefore": "so",
    "accordingly": "so",
    "initiate": "start",
    "terminate": "end",
    "ascertain": "find out",
    "comprehensive": "full",
    "beneficial": "helpful",
}
FILLERS = ("very", "really", "basically", "actually", "just", "quite", "literally", "totally")
