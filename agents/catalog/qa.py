"""Admin & QA agents: brand safety, claims, readability and accessibility checks."""

from __future__ import annotations

from agents.catalog.spec import (
    COMMON_RULES,
    OUT_BOOL,
    AgentSpec,
    choice,
    choices,
    input_schema,
    integer,
    number,
    obj,
    out_int,
    out_num,
    out_str,
    out_strs,
    output_schema,
    string,
    text,
)
from agents.offline.lexicons import SENSITIVE_TOPICS
from agents.offline.platforms import PLATFORM_CHOICES

CATEGORY = "admin_qa"
RISK = {"type": "string", "enum": ["low", "medium", "high"]}
_READABILITY = obj(
    {
        "reading_ease": out_num(minimum=0, maximum=100),
        "grade": out_num(minimum=0),
        "words": out_int(minimum=0),
        "sentences": out_int(minimum=0),
        "syllables": out_int(minimum=0),
    }
)

SAFETY = AgentSpec(
    slug="brand-safety-checker",
    name="Brand Safety & Compliance Checker",
    category=CATEGORY,
    sort_order=1,
    description=(
        "Checks a post before it goes out: profanity, avoided words, sensitive topics, spam, "
        "personal data and limits."
    ),
    capabilities=(
        "Brand voice avoid-list",
        "Sensitive topics and spam patterns",
        "Platform limit and emoji policy",
    ),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You are a brand safety and compliance reviewer. Check the text for profanity, words "
        "the brand avoids, sensitive topics (politics, religion, violence, tragedy, health, "
        "alcohol and drugs, gambling, adult) unless allowed, spam patterns, personal data "
        "(emails, phone numbers), the network's character limit, too many hashtags, and the "
        "brand's emoji policy. Quote each issue with a short excerpt and a fix; score 0-100 "
        "(100 = nothing to fix) and give a risk level. " + COMMON_RULES
    ),
    user_template=(
        "Text: {text}\nNetwork: {platform}\nAllowed topics: {allowed_topics}\nBrand voice: "
        "{brand_voice}"
    ),
    input_schema=input_schema(
        {
            "text": text("The post or message to check.", max_length=10000),
            "platform": choice("Network, to check its limits.", PLATFORM_CHOICES),
            "allowed_topics": choices(
                "Sensitive topics this brand may discuss.", list(SENSITIVE_TOPICS)
            ),
        },
        ["text"],
    ),
    output_schema=output_schema(
        {
            "safe": OUT_BOOL,
            "risk_level": RISK,
            "score": out_int(minimum=0),
            "issues": {
                "type": "array",
                "items": obj({"type": out_str(), "excerpt": out_str(), "suggestion": out_str()}),
            },
            "summary": out_str(),
        }
    ),
    example_input={
        "text": (
            "Our CHEAP deals are INSANE!!! Click here, call 0161 555 0199 before the "
            "election chaos hits."
        ),
        "platform": "x",
        "brand_voice": {"words_to_avoid": ["cheap"], "emoji": "none"},
    },
)

CLAIMS = AgentSpec(
    slug="claims-checker",
    name="Claims Checker",
    category=CATEGORY,
    sort_order=2,
    description=(
        "Finds the claims in your copy that need evidence (absolutes, statistics, health, "
        "money, green) and rates the risk."
    ),
    capabilities=("Seven claim types", "Stricter for regulated industries", "A fix for each claim"),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You review marketing copy for claims that need substantiation: absolute (best, #1, "
        "guaranteed), statistics, comparisons, health, financial, environmental and "
        "testimonial claims. For each sentence that makes one, give its types, a risk level "
        "(stricter for health and finance industries), whether evidence is needed and how to "
        "fix it. This is a checklist for a person, not legal advice. " + COMMON_RULES
    ),
    user_template="Industry: {industry}\nCopy:\n{text}",
    input_schema=input_schema(
        {
            "text": text("The copy to check.", max_length=10000),
            "industry": choice(
                "Industry (some claims are regulated more strictly).",
                ["general", "health", "finance", "food", "beauty", "legal", "tech"],
                "general",
            ),
        },
        ["text"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "industry": out_str(),
            "claims": {
                "type": "array",
                "items": obj(
                    {
                        "claim": out_str(),
                        "types": out_strs(),
                        "risk": RISK,
                        "needs_evidence": OUT_BOOL,
                        "suggestion": out_str(),
                    }
                ),
            },
            "overall_risk": RISK,
            "summary": out_str(),
        }
    ),
    example_input={
        "text": (
            "The best protein bar in the UK. Clinically proven to boost your immune system. "
            "9 out of 10 customers say they feel 50% more energetic."
        ),
        "industry": "health",
    },
)

READABILITY = AgentSpec(
    slug="readability-editor",
    name="Readability Editor",
    category=CATEGORY,
    sort_order=3,
    description=(
        "Measures Flesch reading ease and edits the text to read more easily: plainer words, "
        "shorter sentences."
    ),
    capabilities=("Flesch reading ease and grade", "Plain-language swaps", "Splits long sentences"),
    tier="small",
    credit_operation="social_caption",
    system_prompt=(
        "You are a plain-language editor. Measure the text's Flesch reading ease (206.835 - "
        "1.015 x words per sentence - 84.6 x syllables per word) and grade, then edit it to "
        "reach the target: swap wordy phrases for plain ones, cut filler words, and split "
        "sentences longer than the maximum. Keep the meaning and any facts exactly. Report the "
        "scores before and after, each change, and the long sentences you found. " + COMMON_RULES
    ),
    user_template=(
        "Target reading ease: {target_reading_ease}\nMax words per sentence: "
        "{max_sentence_words}\nText:\n{text}"
    ),
    input_schema=input_schema(
        {
            "text": text("The text to edit.", max_length=20000),
            "target_reading_ease": number(
                "Target Flesch score (60-70 is plain English).", minimum=0, maximum=100
            ),
            "max_sentence_words": integer(
                "Longest sentence to allow.", minimum=8, maximum=40, default=20
            ),
        },
        ["text"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "before": _READABILITY,
            "after": _READABILITY,
            "target_reading_ease": out_num(),
            "target_met": OUT_BOOL,
            "edited_text": out_str(),
            "changes": out_strs(),
            "long_sentences": out_strs(),
            "summary": out_str(),
        }
    ),
    example_input={
        "text": (
            "In order to facilitate the utilization of our comprehensive platform, individuals "
            "are required to complete the registration process prior to accessing the "
            "functionality, and we will subsequently demonstrate the numerous additional "
            "features that are available to them."
        ),
        "target_reading_ease": 60,
    },
)

ALT_TEXT = AgentSpec(
    slug="alt-text-writer",
    name="Alt Text Writer",
    category=CATEGORY,
    sort_order=4,
    description=(
        "Writes accessible alt text and a longer description for an image, from your "
        "description of it."
    ),
    capabilities=(
        "Under 125 characters by default",
        "Most important detail first",
        "Includes text shown in the image",
    ),
    tier="small",
    credit_operation="comment_reply",
    system_prompt=(
        "You write alt text for people using screen readers. Lead with what matters for the "
        "post, don't start with 'image of', stay under the maximum length, and put any text "
        "shown in the image into the long description. " + COMMON_RULES
    ),
    user_template=(
        "Image: {image_description}\nText in image: {text_in_image}\nPost context: {context}\n"
        "Maximum length: {max_length}"
    ),
    input_schema=input_schema(
        {
            "image_description": string(
                "What the image shows.", min_length=3, max_length=1000, **{"x-widget": "textarea"}
            ),
            "text_in_image": string("Any words shown in the image.", max_length=300),
            "context": string("What the post is about.", max_length=300),
            "max_length": integer(
                "Longest alt text to allow.", minimum=50, maximum=250, default=125
            ),
        },
        ["image_description"],
        voice=False,
    ),
    output_schema=output_schema(
        {
            "alt_text": out_str(),
            "character_count": out_int(minimum=0),
            "long_description": out_str(),
            "tips": out_strs(),
        }
    ),
    example_input={
        "image_description": (
            "A photo of a baker in a flour-dusted apron lifting a tray of golden croissants "
            "out of a brick oven"
        ),
        "text_in_image": "Fresh at 6am",
        "context": "our new early opening hours",
    },
)

AGENTS = [SAFETY, CLAIMS, READABILITY, ALT_TEXT]
