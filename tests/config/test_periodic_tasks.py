import pytest
from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from config.schedule import BEAT_ENTRIES

pytestmark = pytest.mark.django_db


def test_running_twice_leaves_one_set_of_entries():
    call_command("setup_periodic_tasks")
    call_command("setup_periodic_tasks")

    rows = PeriodicTask.objects.filter(name__startswith="herald: ")
    assert sorted(rows.values_list("name", flat=True)) == sorted(e.row_name for e in BEAT_ENTRIES)
    canary = rows.get(task="herald.send_canaries")
    assert canary.interval.every == 60
    assert canary.interval.period == IntervalSchedule.SECONDS
    assert IntervalSchedule.objects.filter(every=60, period="seconds").count() == 1


def test_a_pause_made_by_staff_survives_a_release():
    call_command("setup_periodic_tasks")
    PeriodicTask.objects.filter(task="herald.send_canaries").update(enabled=False)

    call_command("setup_periodic_tasks")

    assert PeriodicTask.objects.get(task="herald.send_canaries").enabled is False


def test_entries_herald_no_longer_declares_are_removed_and_others_left_alone():
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.create(name="herald: retired job", task="old.task", interval=every_minute)
    PeriodicTask.objects.create(name="staff's own job", task="x.task", interval=every_minute)

    call_command("setup_periodic_tasks")

    assert not PeriodicTask.objects.filter(name="herald: retired job").exists()
    assert PeriodicTask.objects.filter(name="staff's own job").exists()
