"""Which offline writer serves which agent, and what every writer is given."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from agents.offline import voice as brand_voice
from agents.offline.voice import BrandVoice


@dataclass(frozen=True)
class Context:
    slug: str
    data: dict[str, Any]
    voice: BrandVoice
    rng: random.Random

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key)
        return default if value is None or value == "" or value == [] else value

    def text(self, key: str, default: str = "") -> str:
        return str(self.get(key, default)).strip()

    def items(self, key: str) -> list[str]:
        value = self.get(key, [])
        if isinstance(value, str):
            value = value.splitlines()
        return [str(v).strip() for v in value if str(v).strip()]

    def v(self, text: str) -> str:
        """Brand voice applied to one piece of generated text."""
        return brand_voice.apply(text, self.voice)


Writer = Callable[[Context], dict[str, Any]]


@dataclass(frozen=True)
class Registered:
    func: Writer
    voiced: bool  # generated copy (voice applies to every string) vs. an analysis of the input


WRITERS: dict[str, Registered] = {}


def writer(slug: str, *, voiced: bool = True) -> Callable[[Writer], Writer]:
    def register(func: Writer) -> Writer:
        if slug in WRITERS:
            raise RuntimeError(f"Two offline writers for {slug}")
        WRITERS[slug] = Registered(func, voiced)
        return func

    return register
