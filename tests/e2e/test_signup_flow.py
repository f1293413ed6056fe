"""A visitor signs up in a real browser, confirms the emailed link and lands in Herald."""

import re

import pytest
from django.contrib.sites.models import SITE_CACHE, Site
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_confirm_email_and_land_in_the_personal_workspace(
    page, live_server, settings, artifacts_dir
):
    # given: production's rule, the address must be confirmed before the first sign-in
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "localhost", "name": "Herald"}
    )
    SITE_CACHE.clear()
    page.goto("/")
    page.get_by_role("link", name="Start free").first.click()
    page.wait_for_url("**/accounts/signup/")

    # when: the form is filled in
    page.fill("input[name=name]", "Rita Ora")
    page.fill("input[name=email]", "rita@example.com")
    page.fill("input[name=password1]", "Launch-Day-2026")
    page.fill("input[name=password2]", "Launch-Day-2026")
    page.screenshot(path=str(artifacts_dir / "signup.png"), full_page=True)
    page.get_by_role("button", name="Create account").click()

    # then: asked to check the inbox
    page.wait_for_url("**/accounts/confirm-email/")
    assert page.get_by_role("heading", name="Check your inbox").is_visible()
    page.screenshot(path=str(artifacts_dir / "verification-sent.png"), full_page=True)

    # when: the emailed link is opened and confirmed
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link.replace("http://testserver", live_server.url))
    page.get_by_role("button", name="Confirm and continue").click()

    # then: signed in, inside the app
    page.wait_for_url(re.compile(r".*/app/.*"))
    page.screenshot(path=str(artifacts_dir / "after-confirm.png"), full_page=True)
    assert page.get_by_text("rita@example.com").first.is_visible()
    assert page.get_by_text("Rita Ora's workspace").first.is_visible()

    # and the account page lists it as the personal workspace she owns
    page.goto("/app/account/")
    workspaces = page.locator("#workspaces")
    assert workspaces.get_by_role("link", name="Rita Ora's workspace").is_visible()
    assert workspaces.get_by_text("Personal").is_visible()
    assert workspaces.get_by_text("Owner").is_visible()
    page.screenshot(path=str(artifacts_dir / "account-settings.png"), full_page=True)
