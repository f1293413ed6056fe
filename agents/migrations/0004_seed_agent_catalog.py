"""Seed the shipped agent catalog; `manage.py sync_agents` keeps it current on each release."""

from django.db import migrations

from agents.catalog.sync import sync_catalog


def seed_catalog(apps, schema_editor):
    sync_catalog(
        apps.get_model("agents", "AgentDefinition"), apps.get_model("agents", "AgentVersion")
    )


class Migration(migrations.Migration):
    dependencies = [("agents", "0003_agent_pinned_provider")]

    operations = [migrations.RunPython(seed_catalog, migrations.RunPython.noop)]
