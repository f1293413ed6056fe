"""LLM runtime: an LLM call points at the agent execution it served; default model prices."""

import django.db.models.deletion
from django.db import migrations, models

from agents.llm.prices import seed_default_prices


def seed_prices(apps, schema_editor):
    seed_default_prices(apps.get_model("agents", "ModelPrice"))


class Migration(migrations.Migration):
    dependencies = [("agents", "0001_initial")]

    operations = [
        migrations.RemoveField(model_name="llmcall", name="execution_id"),
        migrations.AddField(
            model_name="llmcall",
            name="execution",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="llm_calls",
                to="agents.agentexecution",
            ),
        ),
        migrations.RunPython(seed_prices, migrations.RunPython.noop),
    ]
