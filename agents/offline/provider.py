"""The offline writer as an LLM provider: Herald's embedded default, needing no API key.

Deterministic and rule-based: each catalog agent has a writer (agents/offline/writers/) that
builds its output from the input, honouring brand voice, platform limits and hook styles. The
same request always gives the same answer, different requests give different answers, and
everything it writes is labelled "offline writer" where it is shown.
"""

from __future__ import annotations

import json
import time
from typing import Any

from agents.llm.base import LLMRequest, LLMResult, PermanentLLMError, ProviderName
from agents.offline import voice as brand_voice
from agents.offline.fallback import fill_schema, reply_text
from agents.offline.registry import WRITERS, Context
from agents.offline.text import canonical_json, seeded_rng
from agents.offline.voice import BrandVoice
from agents.offline.writers import load_all

OFFLINE_MODEL = "herald-offline-1"  # agents.llm.router logs offline calls under this name
LABEL = "offline writer"


def _voice_all(value: Any, voice: BrandVoice) -> Any:
    """Apply the brand voice to every string of a generated output (idempotent)."""
    if isinstance(value, str):
        return brand_voice.apply(value, voice)
    if isinstance(value, list):
        out = [_voice_all(v, voice) for v in value]
        return [v for v in out if v != ""] if all(isinstance(v, str) for v in value) else out
    if isinstance(value, dict):
        return {k: _voice_all(v, voice) for k, v in value.items()}
    return value


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


class OfflineProvider:
    name = ProviderName.OFFLINE

    def generate(self, request: LLMRequest) -> LLMResult:
        started = time.monotonic()
        load_all()
        data_in = {k: v for k, v in request.agent_input.items() if k != "brand_voice"}
        voice_data = request.brand_voice or request.agent_input.get("brand_voice") or {}
        voice = BrandVoice.from_dict(voice_data)
        prompt = "\n".join(m.content for m in request.messages if m.role == "user")
        registered = WRITERS.get(request.agent_slug)
        data: dict[str, Any] | None
        if registered is not None:
            ctx = Context(
                slug=request.agent_slug,
                data=data_in,
                voice=voice,
                rng=seeded_rng(
                    request.agent_slug, canonical_json(data_in), canonical_json(voice_data)
                ),
            )
            try:
                data = registered.func(ctx)
            except (KeyError, ValueError, TypeError, IndexError, ZeroDivisionError) as exc:
                raise PermanentLLMError(
                    f"The offline writer could not use this input ({type(exc).__name__}: {exc})."
                ) from exc
            if registered.voiced:
                data = _voice_all(data, voice)
            text = json.dumps(data, ensure_ascii=False)
        elif request.json_schema is not None:
            data = fill_schema(request.json_schema, prompt or request.system)
            text = json.dumps(data, ensure_ascii=False)
        else:
            data = None
            text = reply_text(prompt, request.system)
        return LLMResult(
            text=text,
            data=data,
            provider=ProviderName.OFFLINE,
            model=request.model or OFFLINE_MODEL,
            input_tokens=_tokens(request.system + prompt),
            output_tokens=_tokens(text),
            latency_ms=int((time.monotonic() - started) * 1000),
        )
