"""The agents Herald ships: each one is data (see spec.AgentSpec), synced into the database by
a data migration and by `manage.py sync_agents`."""

from __future__ import annotations

from agents.catalog import analytics, content, engagement, qa, strategy
from agents.catalog.spec import AgentSpec

CATALOG: list[AgentSpec] = [
    *content.AGENTS,
    *analytics.AGENTS,
    *engagement.AGENTS,
    *strategy.AGENTS,
    *qa.AGENTS,
]
BY_SLUG: dict[str, AgentSpec] = {spec.slug: spec for spec in CATALOG}
if len(BY_SLUG) != len(CATALOG):
    raise RuntimeError("Two catalog agents share a slug.")
