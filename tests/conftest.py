"""Shared fixtures: a clean cache per test, a real Celery worker, a headless browser."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "var" / "test-artifacts"


@pytest.fixture(autouse=True)
def _seeded_rows(request) -> None:
    """Rows that migrations seed (plans, costs, the Site), which transactional tests flush."""
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("_django_db_helper")
    from billing.catalog import seed_defaults
    from billing.models import CreditCost, Plan

    if not Plan.objects.exists():
        seed_defaults(Plan, CreditCost)
    from agents.catalog.sync import sync_catalog
    from agents.llm.models import ModelPrice
    from agents.llm.prices import seed_default_prices
    from agents.models import AgentDefinition, AgentVersion

    if not AgentDefinition.objects.exists():
        sync_catalog(AgentDefinition, AgentVersion)
    if not ModelPrice.objects.exists():
        seed_default_prices(ModelPrice)
    from django.conf import settings
    from django.contrib.sites.models import SITE_CACHE, Site

    Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "testserver", "name": "Herald"}
    )
    SITE_CACHE.clear()


@pytest.fixture(autouse=True)
def _clean_cache() -> None:
    """Throttles, canaries and idempotency records live in the cache: start each test empty."""
    cache.clear()


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def _worker_env() -> dict[str, str]:
    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
    }
    return env


@pytest.fixture
def celery_worker(transactional_db: None) -> Iterator[subprocess.Popen[bytes]]:
    """A real `celery worker` process consuming every queue from the test Redis broker.

    It shares the test database, so tests using it see committed rows (transactional_db).
    """
    from config.celery import app

    with app.connection_for_write() as conn:  # drop messages left by an earlier run
        for queue in ("default", "publish", "llm"):
            conn.default_channel.queue_purge(queue)  # type: ignore[attr-defined]
    log = ARTIFACTS / "celery-worker.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        proc = subprocess.Popen(
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
                f"test-{os.getpid()}@%h",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=_worker_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while b"ready." not in log.read_bytes():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Celery worker did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            headless=True,
            args=BROWSER_ARGS,
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    """A fresh browser page; console errors (CSP violations included) fail the test."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


# --- Tenancy: one organization with a user in every role, and an outsider ----------


@pytest.fixture
def org(db):
    """A team on the Business plan, so seat limits do not get in the way of team tests.

    tests/billing overrides this with an organization on the Free plan.
    """
    from billing.models import Plan
    from billing.services import plan_change
    from tests.factories import OrganizationFactory

    acme = OrganizationFactory(name="Acme Marketing", slug="acme")
    plan_change(org=acme, actor=None, plan=Plan.objects.get(code="business"))
    return acme


@pytest.fixture
def other_org(db):
    """Another tenant, whose objects must stay invisible to `org`'s people."""
    from tests.factories import OrganizationFactory

    return OrganizationFactory(name="Globex", slug="globex")


@pytest.fixture
def owner(org):
    from organizations.models import Role
    from tests.factories import member_of

    return member_of(org, Role.OWNER, email="owner@acme.test", name="Olivia Owner")


@pytest.fixture
def admin(org, owner):
    from organizations.models import Role
    from tests.factories import member_of

    return member_of(org, Role.ADMIN, email="admin@acme.test", name="Adam Admin")


@pytest.fixture
def member(org, owner):
    from organizations.models import Role
    from tests.factories import member_of

    return member_of(org, Role.MEMBER, email="member@acme.test", name="Mia Member")


@pytest.fixture
def viewer(org, owner):
    from organizations.models import Role
    from tests.factories import member_of

    return member_of(org, Role.VIEWER, email="viewer@acme.test", name="Vic Viewer")


@pytest.fixture
def outsider(other_org):
    """Owner of another organization: signed in, but nobody in `org`."""
    from organizations.models import Role
    from tests.factories import member_of

    return member_of(other_org, Role.OWNER, email="outsider@globex.test", name="Otto Outsider")


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def api_as(api_client):
    """`api_as(user)`: an API client authenticated as that user with a real JWT."""
    from rest_framework_simplejwt.tokens import RefreshToken

    def _as(user):
        token = RefreshToken.for_user(user).access_token
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return api_client

    return _as


@pytest.fixture
def celery_eager():
    """Run tasks inline where a test is about what the task does, not about the broker."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False
