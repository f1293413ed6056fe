"""Seed the default plans and credit costs (DESIGN §7); staff edit them later."""

from django.db import migrations

from billing.catalog import seed_defaults


def seed(apps, schema_editor):
    seed_defaults(apps.get_model("billing", "Plan"), apps.get_model("billing", "CreditCost"))


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
