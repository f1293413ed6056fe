"""The organization web UI: dashboard, notifications, settings pages, invitations, /app/.

Outsiders' 404s on every org route are checked by tests/test_tenancy.py; here: roles (pages
render for the right roles, refuse the others, hide what a role cannot do), what each action
does, and how service errors reach the user.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from organizations import services
from organizations.models import (
    ApiKey,
    AuditEvent,
    Invitation,
    Membership,
    Notification,
    Organization,
    Role,
)
from organizations.views import LAST_ORG_SESSION_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("viewer", "member", "admin", "owner")


@pytest.fixture
def people(owner, admin, member, viewer):
    return {"owner": owner, "admin": admin, "member": member, "viewer": viewer}


@pytest.fixture
def as_user(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


def flashes(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def membership(org, user) -> Membership:
    return Membership.objects.for_org(org).get(user=user)


# --- /app/ ----------------------------------------------------------------------------------


def test_app_home_sends_a_user_without_organizations_to_create_one(as_user):
    user = UserFactory()

    response = as_user(user).get("/app/")

    assert response.status_code == 302
    assert response["Location"] == "/app/orgs/new/"


def test_app_home_opens_the_first_organization(as_user, org, owner):
    response = as_user(owner).get("/app/")

    assert response["Location"] == "/app/acme/"


def test_app_home_returns_to_the_last_used_organization(as_user, org, owner):
    # given: the owner also owns a second org, and opened it last
    second = services.org_create(actor=owner, name="Zenith Studio", slug="zenith")
    client = as_user(owner)
    client.get("/app/acme/")
    client.get(f"/app/{second.slug}/settings/")

    # when
    response = client.get("/app/")

    # then
    assert response["Location"] == "/app/zenith/"
    assert client.session[LAST_ORG_SESSION_KEY] == "zenith"


def test_app_home_forgets_an_organization_the_user_left(as_user, org, member, other_org):
    client = as_user(member)
    session = client.session
    session[LAST_ORG_SESSION_KEY] = "globex"  # not theirs (any more)
    session.save()

    assert client.get("/app/")["Location"] == "/app/acme/"


def test_app_pages_need_a_signed_in_user(client, org):
    for path in ("/app/", "/app/orgs/new/", "/app/acme/", "/app/acme/settings/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- Creating an organization ---------------------------------------------------------------


def test_creating_an_organization_makes_the_creator_its_owner(as_user):
    user = UserFactory(name="Nora North")
    client = as_user(user)

    page = client.get("/app/orgs/new/")
    response = client.post(
        "/app/orgs/new/", {"name": "North Agency", "slug": "", "timezone": "Europe/Paris"}
    )

    assert page.status_code == 200
    org = Organization.objects.get(name="North Agency")
    assert response["Location"] == f"/app/{org.slug}/"
    assert org.timezone == "Europe/Paris"
    assert membership(org, user).role == Role.OWNER


def test_creating_an_organization_shows_the_services_errors_on_the_form(as_user, org):
    client = as_user(UserFactory())

    taken = client.post("/app/orgs/new/", {"name": "Copycat", "slug": "acme", "timezone": "UTC"})
    bad_zone = client.post("/app/orgs/new/", {"name": "Lost", "timezone": "Mars/Olympus"})

    assert taken.status_code == 400
    assert "This slug is taken" in taken.content.decode()
    assert bad_zone.status_code == 400
    assert "is not a known time zone" in bad_zone.content.decode()
    assert not Organization.objects.filter(name__in=["Copycat", "Lost"]).exists()


# --- Who sees which page --------------------------------------------------------------------

PAGES = [
    ("/app/acme/", "viewer"),
    ("/app/acme/notifications/", "viewer"),
    ("/app/acme/settings/", "viewer"),
    ("/app/acme/settings/members/", "viewer"),
    ("/app/acme/settings/invitations/", "admin"),
    ("/app/acme/settings/api-keys/", "admin"),
    ("/app/acme/settings/audit-log/", "admin"),
]


@pytest.mark.parametrize(("path", "minimum"), PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_each_page_renders_for_its_roles_and_refuses_the_others(
    as_user, people, path, minimum, role
):
    response = as_user(people[role]).get(path)

    expected = 200 if Role(role).at_least(minimum) else 403
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("path", "data", "minimum"),
    [
        ("/app/acme/settings/", {"name": "X", "slug": "acme", "timezone": "UTC"}, "admin"),
        ("/app/acme/settings/invitations/", {"email": "a@b.test", "role": "member"}, "admin"),
        ("/app/acme/settings/api-keys/", {"name": "k", "role": "viewer"}, "admin"),
        ("/app/acme/settings/delete/", {"confirm": "acme"}, "owner"),
        ("/app/acme/notifications/read-all/", {}, "viewer"),
    ],
)
@pytest.mark.parametrize("role", ROLES)
def test_actions_are_refused_below_their_role(as_user, people, org, path, data, minimum, role):
    response = as_user(people[role]).post(path, data)

    if Role(role).at_least(minimum):
        assert response.status_code in (200, 302, 400)
    else:
        assert response.status_code == 403
    assert Organization.objects.filter(slug="acme").exists() or role == "owner"


def test_member_actions_with_ids_are_refused_below_admin(as_user, org, owner, member, viewer):
    target = membership(org, viewer)
    client = as_user(member)

    role = client.post(f"/app/acme/settings/members/{target.pk}/role/", {"role": "member"})
    remove = client.post(f"/app/acme/settings/members/{target.pk}/remove/")

    assert role.status_code == remove.status_code == 403
    target.refresh_from_db()
    assert target.role == Role.VIEWER


def test_a_member_sees_settings_read_only_and_no_admin_entries(as_user, org, member):
    html = as_user(member).get("/app/acme/settings/").content.decode()

    assert "Save changes" not in html
    assert 'name="name"' in html
    assert "disabled" in html
    assert "/settings/invitations/" not in html
    assert "/settings/api-keys/" not in html
    assert "/settings/audit-log/" not in html
    assert "Danger zone" not in html
    assert "Leave organization" in html


def test_an_admin_sees_admin_entries_but_no_danger_zone(as_user, org, admin):
    html = as_user(admin).get("/app/acme/settings/").content.decode()

    assert "Save changes" in html
    assert "/settings/invitations/" in html
    assert "/app/acme/settings/webhooks/" in html
    assert "Danger zone" not in html


def test_an_owner_sees_the_danger_zone(as_user, org, owner):
    html = as_user(owner).get("/app/acme/settings/").content.decode()

    assert "Danger zone" in html
    assert 'action="/app/acme/settings/delete/"' in html


# --- Dashboard and shell --------------------------------------------------------------------


def test_the_dashboard_names_the_org_and_shows_recent_notifications(as_user, org, viewer):
    services.notification_create(org=org, user=viewer, kind="member.joined", title="Rita joined")

    response = as_user(viewer).get("/app/acme/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Acme Marketing" in html
    assert "Rita joined" in html
    assert "No posts scheduled yet" in html  # honest empty state, no invented figures


def test_the_shell_lists_the_users_orgs_and_counts_unread_notifications(
    as_user, org, owner, other_org
):
    services.org_create(actor=owner, name="Zenith Studio", slug="zenith")
    for n in range(3):
        services.notification_create(org=org, user=owner, kind="x", title=f"Note {n}")

    html = as_user(owner).get("/app/acme/").content.decode()

    switcher = html[html.index("data-org-switcher") :]
    assert "Zenith Studio" in switcher
    assert "Acme Marketing" in switcher
    assert "Globex" not in html
    assert "/app/orgs/new/" in switcher
    badge = html[html.index('id="nav-unread-badge"') :]
    assert badge.split(">", 1)[1].startswith("3<")


# --- Notifications --------------------------------------------------------------------------


def test_marking_one_notification_read_with_htmx_swaps_it_and_the_badge(as_user, org, viewer):
    first = services.notification_create(org=org, user=viewer, kind="x", title="First")
    services.notification_create(org=org, user=viewer, kind="x", title="Second")

    response = as_user(viewer).post(
        f"/app/acme/notifications/{first.pk}/read/", HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{first.pk}"' in html
    assert "Mark read" not in html
    assert 'hx-swap-oob="true"' in html
    assert ">1<" in html  # one unread left
    first.refresh_from_db()
    assert first.read_at is not None


def test_marking_all_read_without_htmx(as_user, org, viewer, owner):
    services.notification_create(org=org, user=viewer, kind="x", title="One")
    services.notification_create(org=org, user=viewer, kind="x", title="Two")
    theirs = services.notification_create(org=org, user=owner, kind="x", title="Owner's")

    response = as_user(viewer).post("/app/acme/notifications/read-all/")

    assert response["Location"] == "/app/acme/notifications/"
    assert flashes(response) == ["Marked 2 notifications read."]
    assert not Notification.objects.filter(user=viewer, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_someone_elses_notification_is_not_found(as_user, org, viewer, owner):
    theirs = services.notification_create(org=org, user=owner, kind="x", title="Owner's")

    response = as_user(viewer).post(f"/app/acme/notifications/{theirs.pk}/read/")

    assert response.status_code == 404


def test_the_notification_list_filters_unread(as_user, org, viewer):
    read = services.notification_create(org=org, user=viewer, kind="x", title="Old news")
    services.notifications_mark_read(org=org, user=viewer, ids=[read.pk])
    services.notification_create(org=org, user=viewer, kind="x", title="Fresh news")
    client = as_user(viewer)

    everything = client.get("/app/acme/notifications/").content.decode()
    unread = client.get("/app/acme/notifications/?show=unread").content.decode()

    assert "Old news" in everything
    assert "Fresh news" in everything
    assert "Old news" not in unread
    assert "Fresh news" in unread


# --- General settings, leave, delete --------------------------------------------------------


def test_an_admin_updates_the_general_settings(as_user, org, admin):
    response = as_user(admin).post(
        "/app/acme/settings/",
        {
            "name": "Acme Global",
            "slug": "acme-global",
            "timezone": "America/New_York",
            "require_approval": "on",
        },
    )

    org.refresh_from_db()
    assert response["Location"] == "/app/acme-global/settings/"
    assert (org.name, org.slug, org.timezone, org.require_approval) == (
        "Acme Global",
        "acme-global",
        "America/New_York",
        True,
    )
    assert AuditEvent.objects.for_org(org).filter(action="org.updated").exists()


def test_the_service_validates_the_time_zone_and_slug(as_user, org, admin, other_org):
    client = as_user(admin)

    zone = client.post("/app/acme/settings/", {"name": "A", "slug": "acme", "timezone": "Nowhere"})
    slug = client.post("/app/acme/settings/", {"name": "A", "slug": "globex", "timezone": "UTC"})

    assert zone.status_code == slug.status_code == 400
    assert "is not a known time zone" in zone.content.decode()
    assert "This slug is taken" in slug.content.decode()
    org.refresh_from_db()
    assert (org.name, org.slug, org.timezone) == ("Acme Marketing", "acme", "UTC")


def test_a_member_leaves(as_user, org, member):
    response = as_user(member).post("/app/acme/settings/leave/")

    assert response["Location"] == "/app/"
    assert flashes(response) == ["You left Acme Marketing."]
    assert not Membership.objects.for_org(org).filter(user=member).exists()


def test_the_last_owner_cannot_leave_and_is_told_why(as_user, org, owner, admin):
    response = as_user(owner).post("/app/acme/settings/leave/")

    assert response["Location"] == "/app/acme/settings/"
    assert flashes(response) == [
        "The last owner cannot leave; make someone else an owner or delete the organization."
    ]
    assert membership(org, owner).role == Role.OWNER


def test_deleting_needs_the_slug_typed_out(as_user, org, owner):
    client = as_user(owner)

    wrong = client.post("/app/acme/settings/delete/", {"confirm": "acme-please"})
    right = client.post("/app/acme/settings/delete/", {"confirm": "acme"})

    assert wrong.status_code == 400
    assert "Type the organization&#x27;s slug (acme) to confirm." in wrong.content.decode()
    assert right["Location"] == "/app/"
    assert not Organization.objects.filter(slug="acme").exists()


def test_the_delete_and_leave_urls_only_take_posts(as_user, org, owner):
    client = as_user(owner)

    assert client.get("/app/acme/settings/delete/").status_code == 405
    assert client.get("/app/acme/settings/leave/").status_code == 405
    assert Organization.objects.filter(slug="acme").exists()


# --- Members --------------------------------------------------------------------------------


def test_members_page_shows_role_selects_to_admins_without_the_owner_option(
    as_user, org, owner, admin, member
):
    html = as_user(admin).get("/app/acme/settings/members/").content.decode()

    mine = membership(org, member)
    owners = membership(org, owner)
    assert f'action="/app/acme/settings/members/{mine.pk}/role/"' in html
    assert f'action="/app/acme/settings/members/{owners.pk}/role/"' not in html
    assert '<option value="owner"' not in html
    assert "Olivia Owner" in html
    assert "Mia Member" in html


def test_owners_get_the_owner_option(as_user, org, owner, member):
    html = as_user(owner).get("/app/acme/settings/members/").content.decode()

    assert '<option value="owner"' in html


def test_members_see_the_list_without_controls(as_user, org, owner, member):
    html = as_user(member).get("/app/acme/settings/members/").content.decode()

    assert "Olivia Owner" in html
    assert "<select" not in html
    assert "/remove/" not in html


def test_an_admin_changes_a_role(as_user, org, admin, member):
    target = membership(org, member)

    response = as_user(admin).post(
        f"/app/acme/settings/members/{target.pk}/role/", {"role": "viewer"}
    )

    assert response["Location"] == "/app/acme/settings/members/"
    assert flashes(response) == ["Mia Member is now viewer."]
    target.refresh_from_db()
    assert target.role == Role.VIEWER


def test_the_last_owner_cannot_step_down(as_user, org, owner):
    mine = membership(org, owner)

    response = as_user(owner).post(
        f"/app/acme/settings/members/{mine.pk}/role/", {"role": "admin"}, follow=True
    )

    assert "This is the last owner; make someone else an owner first." in response.content.decode()
    mine.refresh_from_db()
    assert mine.role == Role.OWNER


def test_an_admin_cannot_make_an_owner_and_is_told_why(as_user, org, admin, member):
    target = membership(org, member)

    response = as_user(admin).post(
        f"/app/acme/settings/members/{target.pk}/role/", {"role": "owner"}
    )

    assert flashes(response) == [
        "Only an owner can make someone an owner or change an owner's role."
    ]
    target.refresh_from_db()
    assert target.role == Role.MEMBER


def test_a_nonsense_role_is_a_message_not_an_error(as_user, org, admin, member):
    target = membership(org, member)

    response = as_user(admin).post(
        f"/app/acme/settings/members/{target.pk}/role/", {"role": "emperor"}
    )

    assert response.status_code == 302
    assert flashes(response) == ["Choose one of the listed roles."]


def test_an_admin_removes_a_member_but_not_an_owner(as_user, org, owner, admin, member):
    client = as_user(admin)

    removed = client.post(f"/app/acme/settings/members/{membership(org, member).pk}/remove/")
    refused = client.post(f"/app/acme/settings/members/{membership(org, owner).pk}/remove/")

    assert flashes(removed) == ["Mia Member was removed from Acme Marketing."]
    assert flashes(refused)[-1] == "Only an owner can remove an owner."
    assert not Membership.objects.for_org(org).filter(user=member).exists()
    assert Membership.objects.for_org(org).filter(user=owner).exists()


# --- Invitations ----------------------------------------------------------------------------


def test_an_admin_invites_someone_and_the_email_goes_out(
    as_user, org, admin, celery_eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(admin).post(
            "/app/acme/settings/invitations/", {"email": "New@Example.com", "role": "member"}
        )

    assert response["Location"] == "/app/acme/settings/invitations/"
    assert flashes(response) == ["Invitation sent to new@example.com."]
    invitation = Invitation.objects.for_org(org).get()
    assert (invitation.email, invitation.role) == ("new@example.com", "member")
    assert len(mail.outbox) == 1
    assert "/invitations/" in mail.outbox[0].body
    listing = as_user(admin).get("/app/acme/settings/invitations/").content.decode()
    assert "new@example.com" in listing
    assert f"/invitations/{invitation.pk}/resend/" in listing


def test_inviting_twice_is_a_form_error(as_user, org, admin):
    client = as_user(admin)
    client.post("/app/acme/settings/invitations/", {"email": "x@example.com", "role": "member"})

    again = client.post(
        "/app/acme/settings/invitations/", {"email": "x@example.com", "role": "viewer"}
    )

    assert again.status_code == 400
    assert "already has a pending invitation" in again.content.decode()


def test_inviting_past_the_plans_seats_says_so(as_user, org, admin):
    from billing.models import Plan
    from billing.services import plan_change

    plan_change(org=org, actor=None, plan=Plan.objects.get(code="free"))

    response = as_user(admin).post(
        "/app/acme/settings/invitations/", {"email": "x@example.com", "role": "member"}
    )

    assert response.status_code == 400
    assert "Upgrade your plan" in response.content.decode()
    assert not Invitation.objects.for_org(org).exists()


def test_admins_cannot_pick_owner_in_the_invitation_form(as_user, org, admin):
    client = as_user(admin)

    page = client.get("/app/acme/settings/invitations/").content.decode()
    response = client.post(
        "/app/acme/settings/invitations/", {"email": "boss@example.com", "role": "owner"}
    )

    assert '<option value="owner"' not in page
    assert response.status_code == 400
    assert not Invitation.objects.for_org(org).exists()


def test_resend_and_revoke_an_invitation(
    as_user, org, owner, celery_eager, django_capture_on_commit_callbacks
):
    invitation, first_token = services.invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="pat@example.com", role="viewer"
    )
    client = as_user(owner)
    base = f"/app/acme/settings/invitations/{invitation.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        resent = client.post(f"{base}/resend/")
    revoked = client.post(f"{base}/revoke/")
    again = client.post(f"{base}/revoke/")

    assert flashes(resent)[0].startswith("Invitation sent again to pat@example.com")
    assert first_token not in mail.outbox[-1].body
    assert (
        flashes(revoked)[-1] == "Invitation for pat@example.com revoked; its link no longer works."
    )
    assert flashes(again)[-1] == "This invitation was revoked."
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    listing = client.get("/app/acme/settings/invitations/").content.decode()
    assert f'id="invitation-{invitation.pk}"' not in listing


# --- API keys -------------------------------------------------------------------------------


def test_a_new_api_key_is_shown_exactly_once(as_user, org, admin):
    client = as_user(admin)

    created = client.post("/app/acme/settings/api-keys/", {"name": "Zapier", "role": "viewer"})
    first = client.get("/app/acme/settings/api-keys/")
    second = client.get("/app/acme/settings/api-keys/")

    api_key = ApiKey.objects.for_org(org).get()
    assert created["Location"] == "/app/acme/settings/api-keys/"
    shown = first.context["created"]["key"]
    assert shown.startswith(f"hk_{api_key.prefix}_")
    assert shown in first.content.decode()
    assert "no-store" in first["Cache-Control"]
    assert shown not in second.content.decode()
    assert f"hk_{api_key.prefix}_…" in second.content.decode()
    assert api_key.key_hash != shown  # only the digest is stored


def test_an_api_key_cannot_act_as_owner(as_user, org, admin):
    response = as_user(admin).post("/app/acme/settings/api-keys/", {"name": "God", "role": "owner"})

    assert response.status_code == 400
    assert not ApiKey.objects.for_org(org).exists()


def test_revoking_an_api_key(as_user, org, admin):
    api_key, _ = services.api_key_create(org=org, actor=admin, name="CRM", role="member")

    response = as_user(admin).post(f"/app/acme/settings/api-keys/{api_key.pk}/revoke/")

    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert flashes(response)[0].startswith("API key “CRM” revoked")
    listing = as_user(admin).get("/app/acme/settings/api-keys/").content.decode()
    assert f'id="api-key-{api_key.pk}"' not in listing


# --- Audit log ------------------------------------------------------------------------------


def test_the_audit_log_lists_filters_and_paginates(as_user, org, admin):
    services.api_key_create(org=org, actor=admin, name="CRM", role="member")
    for n in range(55):
        services.audit_record(
            org=org, actor=admin, action="member.role_changed", target_label=f"#{n}"
        )
    client = as_user(admin)

    everything = client.get("/app/acme/settings/audit-log/")
    keys_only = client.get("/app/acme/settings/audit-log/?action=api_key.")
    second_page = client.get("/app/acme/settings/audit-log/?action=member.&page=2")

    assert everything.context["page"].paginator.count == AuditEvent.objects.for_org(org).count()
    assert len(everything.context["page"].object_list) == 50
    html = keys_only.content.decode()
    assert "api_key.created" in html
    assert "member.role_changed" not in html
    assert "Adam Admin" in html
    assert len(second_page.context["page"].object_list) == 5
    assert "action=member.&amp;page=1" in second_page.content.decode()


# --- /invitations/<token>/ ------------------------------------------------------------------


@pytest.fixture
def invited(org, owner):
    """A pending invitation for pat@example.com, and its token."""
    invitation, token = services.invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="pat@example.com", role="member"
    )
    return invitation, token


def test_an_unknown_invitation_link_explains_itself(client):
    response = client.get("/invitations/not-a-real-token/")

    assert response.status_code == 404
    assert "This invitation link doesn" in response.content.decode()


def test_a_visitor_is_offered_log_in_and_sign_up_and_the_token_is_kept(client, invited):
    _, token = invited

    response = client.get(f"/invitations/{token}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Join Acme Marketing on Herald" in html
    assert "pat@example.com" in html
    assert "member" in html
    assert f"/accounts/login/?next=%2Finvitations%2F{token}%2F" in html
    assert f"/accounts/signup/?next=%2Finvitations%2F{token}%2F" in html
    assert client.session["invitation_token"] == token


def test_the_invited_user_accepts_and_lands_in_the_org(as_user, invited, org):
    _, token = invited
    pat = UserFactory(email="pat@example.com")
    client = as_user(pat)

    page = client.get(f"/invitations/{token}/")
    response = client.post(f"/invitations/{token}/")

    assert "Accept and join Acme Marketing" in page.content.decode()
    assert response["Location"] == "/app/acme/"
    assert flashes(response) == ["Welcome to Acme Marketing! You joined as member."]
    assert membership(org, pat).role == Role.MEMBER


def test_someone_else_signed_in_is_offered_to_sign_out(as_user, invited, org):
    _, token = invited
    client = as_user(UserFactory(email="sam@example.com"))

    page = client.get(f"/invitations/{token}/")
    attempt = client.post(f"/invitations/{token}/")

    html = page.content.decode()
    assert "Accept and join" not in html
    assert "You're signed in as <strong>sam@example.com</strong>" in html
    assert 'action="/accounts/logout/"' in html
    assert attempt.status_code == 400
    assert "sign in with that address to accept it" in attempt.content.decode()
    assert not Membership.objects.for_org(org).filter(user__email="sam@example.com").exists()


def test_a_visitor_posting_accept_is_sent_to_log_in(client, invited):
    _, token = invited

    response = client.post(f"/invitations/{token}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(
    ("change", "status", "text"),
    [
        ("expired", 410, "This invitation has expired"),
        ("revoked", 410, "This invitation was withdrawn"),
        ("accepted", 200, "This invitation has already been used"),
    ],
)
def test_used_expired_and_revoked_invitations_explain_themselves(
    client, invited, change, status, text
):
    invitation, token = invited
    if change == "expired":
        invitation.expires_at = timezone.now() - timedelta(minutes=1)
        invitation.save(update_fields=["expires_at"])
    elif change == "revoked":
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    else:
        services.invitation_accept(token=token, user=UserFactory(email="pat@example.com"))

    response = client.get(f"/invitations/{token}/")

    assert response.status_code == status
    assert text in response.content.decode()
    assert "invitation_token" not in client.session


def test_the_invitee_revisiting_a_used_link_is_sent_to_the_org(as_user, invited, org):
    _, token = invited
    pat = UserFactory(email="pat@example.com")
    services.invitation_accept(token=token, user=pat)

    html = as_user(pat).get(f"/invitations/{token}/").content.decode()

    assert 'href="/app/acme/"' in html


def test_accepting_tells_the_orgs_admins(as_user, invited, org, owner):
    _, token = invited

    as_user(UserFactory(email="pat@example.com")).post(f"/invitations/{token}/")

    assert Notification.objects.filter(user=owner, kind="member.joined").exists()
