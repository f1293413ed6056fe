"""The embedded broker (`filesystem://`) under a real worker: no message lost or fatal."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache

from config import health
from config.broker import Channel

pytestmark = pytest.mark.worker


def test_the_embedded_broker_carries_a_burst_through_a_real_worker(tmp_path, artifacts_dir):
    from tests.conftest import ROOT

    env = {
        **_worker_env_without_db(),
        "CELERY_BROKER_URL": "filesystem://",
        "CELERY_FILESYSTEM_BROKER_DIR": str(tmp_path),
    }
    log = artifacts_dir / "celery-worker-filesystem.log"
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                "default,publish,llm",
                "--pool",
                "threads",
                "--concurrency",
                "4",
                "-l",
                "info",
                "-n",
                f"fs-{os.getpid()}@%h",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while b"ready." not in log.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.2)
        producer = (
            "import django, time; django.setup();"
            "from config.tasks import canary_pong;"
            "[canary_pong.apply_async(args=('llm', time.time()), queue='llm') for _ in range(150)]"
        )
        subprocess.run([sys.executable, "-c", producer], cwd=ROOT, env=env, check=True, timeout=120)

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and log.read_bytes().count(b"succeeded") < 150:
            assert worker.poll() is None, log.read_text()[-3000:]
            time.sleep(0.3)

        text = log.read_text()
        assert text.count("canary_pong") >= 300  # 150 received + 150 succeeded
        assert "Unrecoverable error" not in text
        assert worker.poll() is None
        assert cache.get(health.PONG_KEY.format(queue="llm")) is not None
    finally:
        worker.terminate()
        worker.wait(timeout=15)


def _worker_env_without_db():
    from django.conf import settings

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
    }


def test_an_unreadable_message_is_set_aside_not_fatal(tmp_path):
    inbox, processed = tmp_path / "out", tmp_path / "processed"
    inbox.mkdir()
    processed.mkdir()
    (inbox / "1_broken.llm.msg").write_bytes(b"")
    channel = Channel.__new__(Channel)  # just the file handling, no connection
    channel.__dict__.update(
        data_folder_in=str(inbox),
        data_folder_out=str(inbox),
        processed_folder=str(processed),
        store_processed=False,
    )
    channel._put("llm", {"body": "ok"})

    assert channel._get("llm") == {"body": "ok"}
    assert not list(inbox.iterdir())


def test_a_message_appears_in_the_queue_folder_only_when_whole(tmp_path, monkeypatch):
    """The writer renames a finished file into the queue: a reader never sees it half-written."""
    inbox = tmp_path / "out"
    inbox.mkdir()
    channel = Channel.__new__(Channel)
    channel.__dict__.update(data_folder_out=str(inbox))
    seen = []
    real_replace = os.replace

    def watching_replace(src, dst):
        seen.append((sorted(p.name for p in inbox.iterdir()), Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watching_replace)

    channel._put("publish", {"body": "x" * 10_000})

    ((before, staged_bytes),) = seen
    assert before == []  # nothing was visible in the queue while the file was being written
    assert len(staged_bytes) > 10_000
    assert [p.name.endswith(".publish.msg") for p in inbox.iterdir()] == [True]
