"""/health/ reports database, cache, broker, each queue's canary and beat."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from config import health
from config.celery import app

pytestmark = pytest.mark.django_db

QUEUES = ("default", "publish", "llm")


def _all_queues_answered() -> None:
    now = time.time()
    for queue in QUEUES:
        health.canary_record(queue=queue, sent_at=now - 0.05)


def test_healthy_when_every_part_answers(client):
    call_command("setup_periodic_tasks")
    PeriodicTask.objects.update(last_run_at=timezone.now())
    _all_queues_answered()

    response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"]
    checks = body["checks"]
    assert checks["database"]["status"] == "ok"
    assert checks["cache"]["status"] == "ok"
    assert checks["broker"] == {
        "status": "ok",
        "latency_ms": checks["broker"]["latency_ms"],
        "transport": "redis",
    }
    for queue in QUEUES:
        assert checks["queues"][queue]["status"] == "ok"
        assert checks["queues"][queue]["lag_ms"] == pytest.approx(50, abs=5)
    assert checks["beat"]["status"] == "ok"


def test_a_fresh_install_is_waiting_not_failing(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"]["queues"]["publish"]["status"] == "waiting"
    assert response.json()["checks"]["beat"]["status"] == "waiting"


def test_503_when_the_broker_is_unreachable(client, monkeypatch):
    closed_port = "redis://127.0.0.1:1/0"
    # Celery lets the CELERY_BROKER_URL environment variable win over its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", closed_port)
    monkeypatch.setattr(app.conf, "broker_url", closed_port)

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["broker"]["status"] == "down"
    assert "Error" in body["checks"]["broker"]["error"]
    assert body["checks"]["database"]["status"] == "ok"


def test_503_when_a_queue_leaves_its_canary_unanswered(client, settings):
    settings.HEALTH_CANARY_MAX_AGE = 60
    _all_queues_answered()
    from django.core.cache import cache

    cache.set(
        health.PONG_KEY.format(queue="llm"),
        {"sent_at": time.time() - 300, "received_at": time.time() - 299},
    )
    cache.set(health.PENDING_KEY.format(queue="llm"), time.time() - 240)

    response = client.get("/health/")

    assert response.status_code == 503
    llm = response.json()["checks"]["queues"]["llm"]
    assert llm["status"] == "down"
    assert "unanswered" in llm["error"]
    assert response.json()["checks"]["queues"]["default"]["status"] == "ok"


def test_503_when_beat_has_stopped(client):
    call_command("setup_periodic_tasks")
    PeriodicTask.objects.update(last_run_at=timezone.now() - timedelta(hours=1))
    _all_queues_answered()

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["beat"]["status"] == "down"


def test_health_is_never_cached(client):
    assert "no-cache" in client.get("/health/")["Cache-Control"]
