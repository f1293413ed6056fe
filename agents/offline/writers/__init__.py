"""One module per catalog category; importing them registers their writers."""

from __future__ import annotations

import importlib

MODULES = ("content", "engagement", "analytics", "strategy", "qa")


def load_all() -> None:
    for name in MODULES:
        importlib.import_module(f"agents.offline.writers.{name}")
