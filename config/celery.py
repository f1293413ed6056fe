"""Herald's Celery app.

The database row is the record of every schedule; the broker only delivers. Beat reads
its entries from django-celery-beat's DatabaseScheduler (see `setup_periodic_tasks`).
Queues: `default` (prefork), `publish` and `llm` (network-bound, a threads pool).
"""

import os

from celery import Celery
from kombu import Exchange, Queue
from kombu.transport import TRANSPORT_ALIASES

# `filesystem://`, the embedded default broker, uses Herald's multi-process-safe variant of
# kombu's transport (see config/broker.py).
TRANSPORT_ALIASES["filesystem"] = "config.broker:Transport"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("herald")
app.config_from_object("django.conf:settings", namespace="CELERY")
# One direct exchange per queue, routed by the queue's own name: a message sent to one
# queue lands in that queue only.
app.conf.task_queues = [
    Queue(name, Exchange(name, type="direct"), routing_key=name)
    for name in ("default", "publish", "llm")
]
app.autodiscover_tasks()

# The embedded default broker keeps messages in folders; make sure they exist before use.
if str(app.conf.broker_url).startswith("filesystem://"):
    for option in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        folder = app.conf.broker_transport_options.get(option)
        if folder:
            os.makedirs(folder, exist_ok=True)
