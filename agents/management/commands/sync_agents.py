"""`manage.py sync_agents`: put the shipped agent catalog into the database (run on release)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from agents.catalog.sync import sync_catalog
from agents.models import AgentDefinition, AgentVersion


class Command(BaseCommand):
    help = "Create missing catalog agents and add versions for changed shipped prompts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also replace prompts staff have edited, and refresh names and descriptions.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = sync_catalog(AgentDefinition, AgentVersion, force=options["force"])
        self.stdout.write(f"Agent catalog: {report}.")
