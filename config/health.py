"""Health of Herald's moving parts: database, cache, broker, each queue, beat."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from config.celery import app as celery_app

PONG_KEY = "canary:{queue}:pong"
PENDING_KEY = "canary:{queue}:pending_since"
BEAT_SYNC_SLACK = 180  # the DatabaseScheduler writes last_run_at back every 3 minutes


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: dict[str, Any]


def _timed(fn: Any) -> Check:
    started = time.perf_counter()
    try:
        extra = fn() or {}
    except Exception as exc:  # noqa: BLE001 - any failure is the answer here
        return Check(False, {"status": "down", "error": f"{type(exc).__name__}: {exc}"[:300]})
    latency = round((time.perf_counter() - started) * 1000, 1)
    return Check(True, {"status": "ok", "latency_ms": latency, **extra})


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key = "health:probe"
    value = str(time.time())
    cache.set(key, value, timeout=30)
    if cache.get(key) != value:
        raise RuntimeError("cache did not return the value just written")


def _broker() -> dict[str, Any]:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)
        return {"transport": conn.transport.driver_name}


def canaries_send(queues: tuple[str, ...] | None = None) -> None:
    """Send one canary through each queue, remembering since when an answer is due."""
    from config.tasks import canary_pong

    now = time.time()
    for queue in queues or settings.CELERY_QUEUES:
        cache.add(PENDING_KEY.format(queue=queue), now, timeout=None)
        canary_pong.apply_async(
            args=(queue, now), queue=queue, expires=settings.HEALTH_CANARY_MAX_AGE
        )


def canary_record(*, queue: str, sent_at: float) -> None:
    """Record a round trip; `queue` is the queue the message was actually consumed from."""
    received_at = time.time()
    cache.set(
        PONG_KEY.format(queue=queue),
        {"sent_at": sent_at, "received_at": received_at},
        timeout=None,
    )
    cache.delete(PENDING_KEY.format(queue=queue))


def _queue(queue: str, now: float) -> Check:
    max_age = settings.HEALTH_CANARY_MAX_AGE
    try:
        pong = cache.get(PONG_KEY.format(queue=queue))
        pending_since = cache.get(PENDING_KEY.format(queue=queue))
    except Exception as exc:  # noqa: BLE001
        return Check(False, {"status": "unknown", "error": f"cache unavailable: {exc}"[:300]})
    detail: dict[str, Any] = {"last_round_trip_at": None, "lag_ms": None, "age_s": None}
    if pong:
        detail.update(
            last_round_trip_at=datetime.fromtimestamp(pong["received_at"], tz=UTC).isoformat(),
            lag_ms=round((pong["received_at"] - pong["sent_at"]) * 1000, 1),
            age_s=round(now - pong["received_at"], 1),
        )
    if pong and now - pong["received_at"] <= max_age:
        return Check(True, {"status": "ok", **detail})
    if pending_since is not None and now - pending_since > max_age:
        return Check(
            False,
            {
                "status": "down",
                "error": f"canary unanswered for {int(now - pending_since)} s",
                **detail,
            },
        )
    if pong:
        return Check(False, {"status": "down", "error": "no canary round trip recently", **detail})
    # Nothing sent yet (beat has not run since start): not a failure, but not proven either.
    return Check(True, {"status": "waiting", **detail})


def _beat(now: float) -> Check:
    from django.db.models import Max
    from django_celery_beat.models import PeriodicTask

    try:
        last = PeriodicTask.objects.filter(enabled=True).aggregate(last=Max("last_run_at"))["last"]
    except Exception as exc:  # noqa: BLE001
        return Check(False, {"status": "unknown", "error": str(exc)[:300]})
    if last is None:
        return Check(True, {"status": "waiting", "last_run_at": None})
    age = now - last.timestamp()
    ok = age <= settings.HEALTH_CANARY_MAX_AGE + BEAT_SYNC_SLACK
    return Check(
        ok,
        {
            "status": "ok" if ok else "down",
            "last_run_at": last.isoformat(),
            "age_s": round(age, 1),
        },
    )


def health_report() -> tuple[bool, dict[str, Any]]:
    now = time.time()
    database = _timed(_database)
    cache_check = _timed(_cache)
    broker = _timed(_broker)
    queues = {name: _queue(name, now) for name in settings.CELERY_QUEUES}
    beat = _beat(now) if database.ok else Check(False, {"status": "unknown"})
    healthy = all(
        [database.ok, cache_check.ok, broker.ok, beat.ok, *(q.ok for q in queues.values())]
    )
    return healthy, {
        "status": "ok" if healthy else "error",
        "version": settings.HERALD_VERSION,
        "checks": {
            "database": database.detail,
            "cache": cache_check.detail,
            "broker": broker.detail,
            "queues": {name: q.detail for name, q in queues.items()},
            "beat": beat.detail,
        },
    }
