"""A person opens Herald in a real browser: the landing page, then the staff admin."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_landing_then_admin_login(page, live_server, django_user_model, artifacts_dir):
    django_user_model.objects.create_superuser(email="staff@example.com", password="Staff-Passw0rd")

    page.goto("/")
    assert "Herald" in page.title()
    page.screenshot(path=str(artifacts_dir / "landing.png"), full_page=True)

    page.goto("/admin/")
    page.fill("input[name=username]", "staff@example.com")
    page.fill("input[name=password]", "Staff-Passw0rd")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.get_by_text("Site administration").wait_for(state="visible")
    page.click("text=Users")
    page.wait_for_url("**/admin/accounts/user/")
    page.locator("#result_list").get_by_text("staff@example.com").wait_for(state="visible")
    page.screenshot(path=str(artifacts_dir / "admin.png"), full_page=True)
    assert (artifacts_dir / "admin.png").stat().st_size > 10_000


def test_landing_fits_a_phone(page, artifacts_dir):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/")

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(artifacts_dir / "landing-phone.png"), full_page=True)
    assert overflow <= 0
