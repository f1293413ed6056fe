"""The offline writer: every catalog agent answers, on schema, deterministically, in the brand's
voice and within each network's limits."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator

from agents.catalog import BY_SLUG, CATALOG
from agents.offline import platforms as pf
from agents.offline.phrasing import HOOK_STYLES
from agents.offline.text import readability
from tests.agents.helpers import EMOJI, SLUGS, offline, strings_of, varied

VOICE = {
    "brand_name": "Northwind",
    "tone": "professional",
    "words_to_use": ["craft", "reliable"],
    "words_to_avoid": ["cheap", "best", "guarantee"],
    "emoji": "none",
}
VOICED = [s.slug for s in CATALOG if "brand_voice" in s.input_schema["properties"]]
GENERATIVE = [
    "master-content-engine",
    "platform-caption-writer",
    "thread-writer",
    "blog-writer",
    "carousel-planner",
    "video-script-writer",
    "content-repurposer",
    "hook-generator",
    "email-campaign-writer",
    "lead-follow-up-writer",
    "review-responder",
    "brand-strategist",
    "campaign-planner",
]


def test_the_catalog_covers_what_the_seeds_ask_of_ai():
    categories = {spec.category for spec in CATALOG}

    assert len(CATALOG) >= 25
    assert categories == {"content_creation", "analytics", "engagement", "strategy", "admin_qa"}
    assert {s.credit_operation for s in CATALOG} <= {
        "blog",
        "carousel",
        "social_caption",
        "comment_reply",
        "image",
        "video",
        "competitor_analysis",
        "strategy",
    }


@pytest.mark.parametrize("slug", SLUGS)
def test_every_agent_answers_its_example_on_schema(slug):
    spec = BY_SLUG[slug]
    Draft202012Validator.check_schema(spec.input_schema)
    Draft202012Validator(
        spec.input_schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    ).validate(spec.example_input)

    output = offline(slug, spec.example_input)

    Draft202012Validator(spec.output_schema).validate(output)
    text = " ".join(strings_of(output)).lower()
    assert "lorem" not in text
    assert "ipsum" not in text


@pytest.mark.parametrize("slug", SLUGS)
def test_different_inputs_give_different_outputs_and_the_same_input_the_same(slug):
    example = BY_SLUG[slug].example_input

    first, again, other = (
        offline(slug, example),
        offline(slug, example),
        offline(slug, varied(slug)),
    )

    assert first == again
    assert other != first
    Draft202012Validator(BY_SLUG[slug].output_schema).validate(other)


@pytest.mark.parametrize("slug", GENERATIVE)
def test_brand_voice_words_are_used_and_avoided_words_never_appear(slug):
    data = {**BY_SLUG[slug].example_input, "brand_voice": VOICE}
    if "topic" in data:
        data["topic"] = "the best cheap coffee grinders"

    output = offline(slug, data)

    text = "\n".join(strings_of(output))
    for avoided in VOICE["words_to_avoid"]:
        assert not re.search(rf"(?<![\w-]){avoided}(?![\w-])", text, re.I), avoided
        assert not re.search(rf"#\w*{avoided}", text, re.I), avoided
    if slug != "hook-generator":  # a single opening line carries the topic, not a signature
        assert re.search(r"\bcraft\b", text, re.I)
        assert re.search(r"\breliable\b", text, re.I)
    assert not EMOJI.search(text)
    assert "!" not in text  # a professional tone does not exclaim


def test_emoji_policy_lots_uses_emoji_and_light_is_the_default():
    data = {"topic": "sourdough at home", "platforms": ["instagram"], "variations": 2}

    lots = offline("master-content-engine", {**data, "brand_voice": {"emoji": "lots"}})
    light = offline("master-content-engine", data)

    assert len(EMOJI.findall(lots["variations"][0]["text"])) >= 2
    assert len(EMOJI.findall(light["variations"][0]["text"])) == 1


@pytest.mark.parametrize("platform", list(pf.PLATFORMS))
def test_captions_respect_every_platform_limit(platform):
    long_brief = " ".join(
        f"Point {i}: our spring bakery menu brings seasonal sourdough, rhubarb buns and "
        "slow-fermented loaves to every neighbourhood store."
        for i in range(400)
    )

    output = offline(
        "platform-caption-writer",
        {"brief": long_brief, "platforms": [platform], "key_points": ["x" * 200] * 8},
    )

    caption = output["captions"][0]
    assert caption["character_limit"] == pf.PLATFORMS[platform].limit
    assert pf.length(caption["text"], platform) == caption["character_count"]
    assert caption["character_count"] <= caption["character_limit"]
    assert caption["within_limit"] is True


def test_known_limits_match_the_networks():
    limits = {name: rules.limit for name, rules in pf.PLATFORMS.items()}

    assert limits == {
        "x": 280,
        "linkedin": 3000,
        "instagram": 2200,
        "facebook": 63206,
        "tiktok": 2200,
        "threads": 500,
        "bluesky": 300,
        "mastodon": 500,
        "pinterest": 500,
        "youtube": 5000,
    }


def test_x_counts_emoji_and_links_the_way_x_does():
    assert pf.length("hi 🚀", "x") == 5
    assert pf.length("see https://example.com/a/very/long/path/indeed", "x") == 4 + 23
    assert pf.length("hi 🚀", "instagram") == 4


def test_master_engine_gives_distinct_hook_styles_within_limits():
    data = {
        "topic": "meal prep for busy nurses",
        "platforms": ["x", "bluesky", "threads", "linkedin"],
        "variations": 8,
    }

    output = offline("master-content-engine", data)

    variations = output["variations"]
    assert len(variations) == 8
    assert {v["hook_style"] for v in variations} == set(HOOK_STYLES)
    assert len({v["text"] for v in variations}) == 8
    for v in variations:
        assert pf.length(v["text"], v["platform"]) <= pf.limit(v["platform"])
        assert v["hook"] in v["text"] or v["hook"][:40] in v["text"]
        assert 0 <= v["viral_potential"] <= 100
        assert 1 <= v["quality_score"] <= 10
    assert output["best_version"] == max(variations, key=lambda v: v["viral_potential"])["version"]


def test_a_statistic_hook_only_quotes_numbers_from_the_input():
    with_number = offline(
        "hook-generator", {"topic": "why 73% of shoppers abandon carts", "styles": ["statistic"]}
    )
    without = offline("hook-generator", {"topic": "abandoned carts", "styles": ["statistic"]})

    assert "73%" in with_number["hooks"][0]["text"]
    assert not re.search(r"\d", without["hooks"][0]["text"])


def test_threads_fit_each_post_and_number_them():
    output = offline(
        "thread-writer", {"topic": "pricing a freelance photography day rate", "posts": 7}
    )

    assert [p["index"] for p in output["posts"]] == list(range(1, 8))
    for post in output["posts"]:
        assert post["text"].endswith(f"{post['index']}/7")
        assert pf.length(post["text"], "x") <= 280


def test_the_translator_translates_what_it_knows_and_marks_the_rest():
    output = offline(
        "translator",
        {
            "text": "Thank you! Free shipping this week. Our sourdough is fermented for 36 hours.",
            "target_language": "fr",
        },
    )

    assert output["translated_text"].startswith("Merci")
    assert "Livraison gratuite" in output["translated_text"]
    assert "cette semaine" in output["translated_text"]
    assert output["untranslated_segments"]
    for segment in output["untranslated_segments"]:
        assert f"⟦{segment}⟧" in output["translated_text"]
    assert 0 < output["coverage"] < 1
    assert "36" in output["translated_text"]


def test_sentiment_reads_negation_and_intensity():
    output = offline(
        "sentiment-analyzer",
        {
            "texts": [
                "I love it",
                "not good at all",
                "really really awful service",
                "It is a chair.",
            ]
        },
    )

    labels = [item["label"] for item in output["items"]]
    assert labels == ["positive", "negative", "negative", "neutral"]
    assert output["overall"]["negative"] == 2
    assert output["items"][2]["score"] < output["items"][1]["score"]


def test_the_readability_editor_raises_flesch_reading_ease():
    text = BY_SLUG["readability-editor"].example_input["text"]

    output = offline("readability-editor", {"text": text, "target_reading_ease": 40})

    assert output["before"] == readability(text)
    assert output["after"]["reading_ease"] > output["before"]["reading_ease"]
    assert "utilization" not in output["edited_text"]
    assert any("in order to" in change for change in output["changes"])


def test_flesch_matches_the_formula_on_a_known_sentence():
    score = readability("The cat sat on the mat.")

    hard = readability(
        "Comprehensive institutional documentation necessitates considerable deliberation."
    )

    # 6 words, 1 sentence, 6 syllables: 206.835 - 1.015 * 6 - 84.6 * 1 = 116.1, capped at 100
    assert score["reading_ease"] == 100.0
    assert score["words"] == 6
    assert score["syllables"] == 6
    assert hard["reading_ease"] == 0.0
    assert hard["grade"] > 16


def test_safety_and_claims_checkers_find_the_problems():
    safety = offline("brand-safety-checker", BY_SLUG["brand-safety-checker"].example_input)
    claims = offline("claims-checker", BY_SLUG["claims-checker"].example_input)

    kinds = {issue["type"] for issue in safety["issues"]}
    assert {"avoided_word", "sensitive_topic", "spammy", "personal_data"} <= kinds
    assert safety["safe"] is False
    assert safety["risk_level"] in ("medium", "high")
    types = {t for claim in claims["claims"] for t in claim["types"]}
    assert {"absolute", "health", "statistic"} <= types
    assert claims["overall_risk"] == "high"


def test_replies_never_invent_facts_and_escalate_what_they_cannot_answer():
    dm = offline("dm-responder", {"message": "How much does a wedding cake cost?"})
    known = offline(
        "dm-responder",
        {
            "message": "How much does a wedding cake cost?",
            "business_context": {"pricing_url": "https://example.com/prices"},
        },
    )

    assert dm["intent"] == "pricing"
    assert dm["escalate"] is True
    assert "$" not in dm["reply"]
    assert "£" not in dm["reply"]
    assert "https://example.com/prices" in known["reply"]
    assert known["escalate"] is False


def test_viral_score_uses_the_seed_formula():
    from agents.offline.formulas import engagement_quality, quality_score, viral_score

    assert viral_score(50, 40, 30, 20) == pytest.approx(50 * 0.4 + 40 * 0.3 + 30 * 0.15 + 20 * 0.15)
    assert viral_score(500, 500, 500, 500) == 100
    assert quality_score(engagement_quality(80, 60, 40, 20)) == pytest.approx(
        round((80 * 0.4 + 60 * 0.3 + 40 * 0.2 + 20 * 0.1) / 10, 1)
    )
