"""Put the shipped catalog into the database without overwriting staff's work.

A missing agent is created with version 1. When a shipped prompt or schema changes, a new
version is added, but only while the agent's current version is still the shipped one: once
staff have edited an agent in admin, the catalog leaves its prompt alone (`force` overrides).
Works with the real models and with a migration's historical ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from agents.catalog import CATALOG
from agents.catalog.spec import AgentSpec


@dataclass
class SyncReport:
    created: int = 0
    versioned: int = 0
    unchanged: int = 0
    kept_staff_edits: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.versioned} new versions, {self.unchanged} unchanged, "
            f"{self.kept_staff_edits} kept staff edits"
        )


def _new_version(agent_version: Any, agent: Any, spec: AgentSpec, number: int) -> Any:
    return agent_version.objects.create(
        agent=agent,
        number=number,
        system_prompt=spec.system_prompt,
        user_template=spec.user_template,
        input_schema=spec.input_schema,
        output_schema=spec.output_schema,
        source="catalog",
        catalog_hash=spec.prompt_hash(),
        notes="Shipped with Herald",
    )


@transaction.atomic
def sync_catalog(agent_definition: Any, agent_version: Any, *, force: bool = False) -> SyncReport:
    report = SyncReport()
    for spec in CATALOG:
        agent = agent_definition.objects.select_for_update().filter(slug=spec.slug).first()
        metadata = {
            "name": spec.name,
            "category": spec.category,
            "description": spec.description,
            "capabilities": list(spec.capabilities),
            "provider_tier": spec.tier,
            "credit_operation": spec.credit_operation,
            "example_input": spec.example_input,
            "sort_order": spec.sort_order,
        }
        if agent is None:
            agent = agent_definition.objects.create(slug=spec.slug, enabled=True, **metadata)
            version = _new_version(agent_version, agent, spec, 1)
            agent.current_version = version
            agent.save(update_fields=["current_version"])
            report.created += 1
            continue
        current = agent_version.objects.filter(pk=agent.current_version_id).first()
        if current is not None and current.source != "catalog" and not force:
            report.kept_staff_edits += 1
            continue
        if current is not None and current.catalog_hash == spec.prompt_hash():
            if force:
                agent_definition.objects.filter(pk=agent.pk).update(**metadata)
            report.unchanged += 1
            continue
        latest = agent_version.objects.filter(agent=agent).order_by("-number").first()
        version = _new_version(agent_version, agent, spec, (latest.number if latest else 0) + 1)
        agent_definition.objects.filter(pk=agent.pk).update(current_version=version, **metadata)
        report.versioned += 1
    return report
