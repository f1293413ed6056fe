"""Helpers for agent tests."""

from __future__ import annotations

import copy
import re
from typing import Any

from agents.catalog import BY_SLUG, CATALOG
from agents.llm.base import LLMRequest, Message
from agents.offline.provider import OfflineProvider

SLUGS = [spec.slug for spec in CATALOG]
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf]")


def offline(slug: str, data: dict[str, Any]) -> dict[str, Any]:
    """The offline writer's answer for one agent input (straight through the provider)."""
    spec = BY_SLUG[slug]
    result = OfflineProvider().generate(
        LLMRequest(
            system=spec.system_prompt,
            messages=(Message(role="user", content="run"),),
            model="",
            json_schema=spec.output_schema,
            agent_slug=slug,
            agent_input=data,
            brand_voice=data.get("brand_voice") or {},
        )
    )
    assert result.data is not None
    return result.data


def strings_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_of(v)]
    return []


def varied(slug: str) -> dict[str, Any]:
    """The agent's example input with its main text changed: a genuinely different request."""
    data = copy.deepcopy(BY_SLUG[slug].example_input)
    replacements = {
        "topic": "remote team onboarding for design agencies",
        "brief": "Our climbing gym opens a new bouldering wall next Saturday for members.",
        "text": "Our bike repair workshop opens Monday. Bring your bike, we fix punctures fast!",
        "content": (
            "Podcasts are a slow channel that builds trust. Guests bring their own audience. "
            "Short clips from each episode travel further than the full recording. Transcripts "
            "turn every episode into a blog post and a dozen social posts."
        ),
        "comment": "The app keeps crashing when I upload photos, really frustrating.",
        "message": "Hi, where is my order? It was due yesterday.",
        "review": "Brilliant service, the team fixed my bike in an hour. Highly recommend!",
        "lead_name": "Morgan Diaz",
        "campaign_goal": "Win back customers who cancelled last year",
        "brand_name": "Peak Climbing",
        "image_description": "A climber reaching for a yellow hold on an overhanging wall",
        "product": "a project management app for architects",
        "campaign_name": "Autumn Rebuild",
    }
    for key, value in replacements.items():
        if key in data:
            data[key] = value
            return data
    if "texts" in data:
        data["texts"] = ["Terrible support, never again.", "Great value and quick delivery!"]
    elif "history" in data and slug == "trend-forecaster":
        data["history"] = [{"period": f"w{i}", "value": 500 - i * 20} for i in range(6)]
    elif "history" in data:
        data["history"] = [
            {"posted_at": f"2025-04-0{d}T{h:02d}:00:00", "engagement": e}
            for d, h, e in [(1, 7, 40), (2, 20, 400), (3, 13, 90), (4, 20, 350)]
        ]
    elif "posts" in data:
        data["posts"] = [
            {"title": "Launch video", "platform": "tiktok", "reach": 9000, "likes": 900}
        ]
    elif "start_date" in data:
        data["start_date"] = "2025-09-15"
    else:
        raise AssertionError(f"no way to vary {slug}")
    return data
