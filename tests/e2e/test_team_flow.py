"""An owner builds a team in a real browser: creates an organization, invites a teammate by
email, the teammate accepts from the emailed link, and the owner promotes them to admin."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from playwright.sync_api import expect

from organizations.models import Membership, Role
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.locator(".auth-card").get_by_role("button", name="Log in").click()


def test_owner_invites_a_teammate_who_joins_and_is_promoted(
    page, browser, live_server, celery_eager, artifacts_dir
):
    # given: two people with Herald accounts, neither in any organization yet
    UserFactory(email="olivia@example.com", name="Olivia Owner")
    UserFactory(email="tom@example.com", name="Tom Teammate")

    # when: the owner logs in, Herald asks for a first organization, and she creates one
    page.goto("/accounts/login/")
    log_in(page, "olivia@example.com")
    page.wait_for_url("**/app/orgs/new/")
    page.fill("input[name=name]", "Northwind Social")
    page.select_option("select[name=timezone]", "Europe/Paris")
    page.screenshot(path=str(artifacts_dir / "team-01-new-org.png"), full_page=True)
    page.get_by_role("button", name="Create organization").click()

    # then: she is on its dashboard
    page.wait_for_url("**/app/northwind-social/")
    expect(page.get_by_role("heading", name="Northwind Social", level=1)).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "team-02-dashboard.png"), full_page=True)

    # when: she invites Tom as a member from the settings
    page.get_by_role("link", name="Team & settings").click()
    page.locator(".subnav").get_by_role("link", name="Invitations").click()
    page.fill("input[name=email]", "tom@example.com")
    page.select_option("select[name=role]", "member")
    page.get_by_role("button", name="Send invitation").click()

    # then: the invitation is listed and emailed
    expect(page.get_by_text("Invitation sent to tom@example.com.")).to_be_visible()
    expect(page.locator("table")).to_contain_text("tom@example.com")
    page.screenshot(path=str(artifacts_dir / "team-03-invited.png"), full_page=True)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tom@example.com"]
    link = re.search(r"https?://\S+/invitations/\S+/", mail.outbox[0].body).group(0)
    invitation_path = urlparse(link).path

    # when: Tom opens the link in his own browser, logs in from it and accepts
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    try:
        tom = context.new_page()
        tom.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        tom.on("pageerror", lambda exc: errors.append(str(exc)))
        tom.goto(invitation_path)
        expect(tom.get_by_role("heading", name="Join Northwind Social on Herald")).to_be_visible()
        tom.screenshot(path=str(artifacts_dir / "team-04-invitation.png"), full_page=True)
        tom.locator(".auth-card").get_by_role("link", name="Log in").click()
        tom.wait_for_url("**/accounts/login/**")
        log_in(tom, "tom@example.com")
        tom.wait_for_url(f"**{invitation_path}")
        tom.get_by_role("button", name="Accept and join Northwind Social").click()

        # then: he is in the organization
        tom.wait_for_url("**/app/northwind-social/")
        expect(
            tom.get_by_text("Welcome to Northwind Social! You joined as member.")
        ).to_be_visible()
        expect(tom.get_by_role("heading", name="Northwind Social", level=1)).to_be_visible()
        tom.screenshot(path=str(artifacts_dir / "team-05-joined.png"), full_page=True)
    finally:
        context.close()
    assert not errors, f"browser console errors: {errors}"

    # when: the owner makes him an admin on the members page
    page.goto("/app/northwind-social/settings/members/")
    row = page.locator("tr", has_text="tom@example.com")
    row.locator("select[name=role]").select_option("admin")
    row.get_by_role("button", name="Save").click()

    # then: the change is saved and shown
    expect(page.get_by_text("Tom Teammate is now admin.")).to_be_visible()
    expect(
        page.locator("tr", has_text="tom@example.com").locator("select[name=role]")
    ).to_have_value("admin")
    page.screenshot(path=str(artifacts_dir / "team-06-promoted.png"), full_page=True)
    tom_membership = Membership.objects.get(
        organization__slug="northwind-social", user__email="tom@example.com"
    )
    assert tom_membership.role == Role.ADMIN
