from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from config.schedule import BEAT_ENTRIES, ENTRY_PREFIX


class Command(BaseCommand):
    help = "Create or update Herald's beat entries in the database scheduler (idempotent)."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        wanted = set()
        for entry in BEAT_ENTRIES:
            schedule, _ = IntervalSchedule.objects.get_or_create(
                every=entry.every_seconds, period=IntervalSchedule.SECONDS
            )
            # `enabled` is left alone on update: a pause made by staff survives releases.
            _, created = PeriodicTask.objects.update_or_create(
                name=entry.row_name,
                defaults={
                    "task": entry.task,
                    "interval": schedule,
                    "crontab": None,
                    "queue": entry.queue,
                    "description": entry.description,
                },
            )
            wanted.add(entry.row_name)
            self.stdout.write(f"{'created' if created else 'updated'}: {entry.row_name}")
        stale = PeriodicTask.objects.filter(name__startswith=ENTRY_PREFIX).exclude(name__in=wanted)
        for name in stale.values_list("name", flat=True):
            self.stdout.write(f"removed: {name}")
        stale.delete()
