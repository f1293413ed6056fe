"""A member runs the master content engine from the catalog and watches the result appear.

The run goes through a real Celery worker; the result panel polls itself (htmx, every second)
until the variations show up, with no reload.
"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


@pytest.fixture
def catalog(transactional_db):
    from agents.catalog.sync import sync_catalog
    from agents.models import AgentDefinition, AgentVersion

    if not AgentDefinition.objects.exists():
        sync_catalog(AgentDefinition, AgentVersion)


def test_a_member_runs_the_master_content_engine_and_sees_the_variations(
    page, live_server, celery_worker, catalog, org, member, artifacts_dir
):
    from agents.models import AgentExecution
    from billing.services import billing_account_for, credits_grant

    billing_account_for(org=org)
    credits_grant(org=org, amount=500, reason="e2e credits")
    _sign_in(page, live_server, member)

    page.goto(f"/app/{org.slug}/agents/")
    assert page.get_by_role("heading", name="Content creation").is_visible()
    page.get_by_test_id("agent-master-content-engine").get_by_role("link").click()
    page.wait_for_url(f"**/app/{org.slug}/agents/master-content-engine/")

    page.fill("input[name=topic]", "Weekend brunch at a seaside cafe")
    page.fill("input[name=variations]", "3")
    if not page.locator("input[name=brand_voice__brand_name]").is_visible():
        page.locator("details.agent-voice summary").click()
    page.fill("input[name=brand_voice__brand_name]", "Harbour Kitchen")
    page.fill("textarea[name=brand_voice__words_to_use]", "fresh\nlocal")
    page.screenshot(path=str(artifacts_dir / "agents-run-form.png"), full_page=True)
    page.get_by_test_id("run-button").click()

    page.wait_for_url(f"**/app/{org.slug}/agents/runs/*/")
    status = page.get_by_test_id("execution-status")
    status.and_(page.locator("[data-status=succeeded]")).wait_for(timeout=30_000)

    texts = page.get_by_test_id("output-text")
    assert texts.count() == 3
    assert "brunch" in texts.first.inner_text().lower()
    assert page.get_by_test_id("offline-badge").first.is_visible()
    assert "Fresh and local" in page.content()
    page.screenshot(path=str(artifacts_dir / "agents-result.png"), full_page=True)

    execution = AgentExecution.objects.get()
    assert execution.status == "succeeded"
    assert execution.credits_charged == 10
    assert execution.input["brand_voice"]["words_to_use"] == ["fresh", "local"]

    page.goto(f"/app/{org.slug}/agents/runs/")
    assert page.get_by_test_id("executions").get_by_text(f"#{execution.pk}").is_visible()
