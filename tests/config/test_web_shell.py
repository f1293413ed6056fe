import pytest

pytestmark = pytest.mark.django_db


def test_landing_page_is_public(client):
    response = client.get("/")

    assert response.status_code == 200
    assert b"Herald" in response.content


def test_app_shell_requires_login(client):
    response = client.get("/app/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_app_shell_sends_a_user_without_an_org_to_create_one(client, django_user_model):
    user = django_user_model.objects.create_user(email="rita@example.com", password="Passw0rd!")
    client.force_login(user)

    response = client.get("/app/")

    assert response.status_code == 302
    assert response["Location"] == "/app/orgs/new/"


def test_app_shell_greets_a_member_on_their_org_dashboard(client, org, member):
    client.force_login(member)

    response = client.get("/app/", follow=True)

    assert response.redirect_chain[-1][0] == "/app/acme/"
    assert b"Mia" in response.content
    assert b"Acme Marketing" in response.content


def test_every_page_sends_a_content_security_policy(client):
    csp = client.get("/")["Content-Security-Policy"]

    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_admin_lists_users_for_staff(admin_client, django_user_model):
    django_user_model.objects.create_user(email="listed@example.com", password="Passw0rd!")

    response = admin_client.get("/admin/accounts/user/?q=listed")

    assert response.status_code == 200
    assert b"listed@example.com" in response.content


def test_admin_adds_a_user_by_email(admin_client, django_user_model):
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "New@Example.com",
            "password1": "Str0ngPassw0rd",
            "password2": "Str0ngPassw0rd",
            "usable_password": "true",
        },
    )

    assert response.status_code == 302, response.content[:2000]
    assert django_user_model.objects.filter(email__iexact="new@example.com").exists()


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Short1a", False),
        ("alllowercase1", False),
        ("ALLUPPER123", False),
        ("NoDigitsHere", False),
        ("Herald2026x", True),
    ],
)
def test_password_rules(password, ok):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password)
    except ValidationError:
        assert not ok
    else:
        assert ok
