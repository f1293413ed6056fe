"""Herald's Celery app.

The database row is the record of every schedule; the broker only delivers. Beat reads
its entries from django-celery-beat's DatabaseScheduler (see `setup_periodic_tasks`).
Queues: `default` (prefork), `publish` and `llm` (network-bound, a threads pool).
"""

import os

from celery import Celery
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("herald")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_queues = [Queue(name) for name in ("default", "publish", "llm")]
app.autodiscover_tasks()
