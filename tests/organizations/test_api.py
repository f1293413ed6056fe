import pytest

from organizations.models import ApiKey, Invitation, Membership, Role
from organizations.services import api_key_create, audit_record, notification_create

pytestmark = pytest.mark.django_db

ROLES = ("owner", "admin", "member", "viewer", "outsider")


def _expected(minimum: str, who: str, ok: int) -> int:
    if who == "outsider":
        return 404
    rank = {"viewer": 1, "member": 2, "admin": 3, "owner": 4}
    return ok if rank[who] >= rank[minimum] else 403


# (method, path after /api/v1/orgs/acme/, body, minimum role, success status)
MATRIX = [
    ("get", "", None, "viewer", 200),
    ("patch", "", {"name": "Acme 2"}, "admin", 200),
    ("get", "members/", None, "viewer", 200),
    ("get", "invitations/", None, "admin", 200),
    ("post", "invitations/", {"email": "new@example.com", "role": "member"}, "admin", 201),
    ("get", "api-keys/", None, "admin", 200),
    ("post", "api-keys/", {"name": "CI", "role": "viewer"}, "admin", 201),
    ("get", "audit-log/", None, "admin", 200),
    ("get", "notifications/", None, "viewer", 200),
    ("post", "notifications/read/", {}, "viewer", 200),
    ("delete", "", {"confirm": "acme"}, "owner", 204),
]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "minimum", "ok"), MATRIX, ids=lambda v: str(v))
def test_role_matrix(
    request,
    api_as,
    org,
    owner,
    admin,
    member,
    viewer,
    outsider,
    who,
    method,
    path,
    body,
    minimum,
    ok,
):
    client = api_as(request.getfixturevalue(who))

    response = getattr(client, method)(f"/api/v1/orgs/acme/{path}", body, format="json")

    assert response.status_code == _expected(minimum, who, ok), response.content


@pytest.mark.parametrize("who", ROLES)
def test_role_matrix_member_actions(
    request, api_as, org, owner, admin, member, viewer, outsider, who
):
    target = Membership.objects.get(organization=org, user=viewer)
    client = api_as(request.getfixturevalue(who))

    changed = client.patch(
        f"/api/v1/orgs/acme/members/{target.pk}/", {"role": "member"}, format="json"
    )
    removed = client.delete(f"/api/v1/orgs/acme/members/{target.pk}/")

    expected = _expected("admin", who, 200)
    assert changed.status_code == expected
    assert removed.status_code == (204 if expected == 200 else expected)


def test_org_list_shows_mine_with_my_role(api_as, org, member, other_org):
    body = api_as(member).get("/api/v1/orgs/").json()

    assert [(o["slug"], o["role"], o["member_count"]) for o in body] == [("acme", "member", 2)]


def test_create_org_and_bad_input_names_the_field(api_as, member):
    client = api_as(member)

    created = client.post(
        "/api/v1/orgs/", {"name": "Side Project", "timezone": "Europe/Paris"}, format="json"
    )
    bad = client.post("/api/v1/orgs/", {"name": "X", "timezone": "Nowhere/Land"}, format="json")

    assert created.status_code == 201
    assert created.json()["slug"] == "side-project"
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"] == {
        "timezone": ["“Nowhere/Land” is not a known time zone, e.g. Europe/Paris."]
    }


def test_last_owner_demotion_is_a_409(api_as, org, owner):
    mine = Membership.objects.get(organization=org, user=owner)

    response = api_as(owner).patch(
        f"/api/v1/orgs/acme/members/{mine.pk}/", {"role": "admin"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "last_owner"


def test_an_admin_cannot_make_an_owner(api_as, org, admin, member):
    target = Membership.objects.get(organization=org, user=member)

    response = api_as(admin).patch(
        f"/api/v1/orgs/acme/members/{target.pk}/", {"role": "owner"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "owner_required"


def test_invitation_accept_through_the_api(api_as, org, owner, django_user_model):
    from organizations.services import invitation_create
    from tests.factories import UserFactory

    _, token = invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="joiner@example.com", role="viewer"
    )
    joiner = UserFactory(email="joiner@example.com")

    first = api_as(joiner).post("/api/v1/invitations/accept/", {"token": token}, format="json")
    second = api_as(joiner).post("/api/v1/invitations/accept/", {"token": token}, format="json")

    assert first.status_code == 200
    assert first.json()["role"] == "viewer"
    assert second.status_code == 409


def test_invitation_resend_and_revoke(api_as, org, admin):
    client = api_as(admin)
    created = client.post(
        "/api/v1/orgs/acme/invitations/", {"email": "x@example.com"}, format="json"
    ).json()

    assert client.post(f"/api/v1/orgs/acme/invitations/{created['id']}/resend/").status_code == 200
    assert client.delete(f"/api/v1/orgs/acme/invitations/{created['id']}/").status_code == 204
    assert client.delete(f"/api/v1/orgs/acme/invitations/{created['id']}/").status_code == 409
    assert Invitation.objects.get().revoked_at is not None


def test_api_key_secret_shown_once_and_key_acts_with_its_role(api_as, api_client, org, admin):
    created = api_as(admin).post(
        "/api/v1/orgs/acme/api-keys/", {"name": "Zapier", "role": "viewer"}, format="json"
    )
    key = created.json()["key"]

    listed = api_as(admin).get("/api/v1/orgs/acme/api-keys/").json()["results"]
    assert "key" not in listed[0]
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert api_client.get("/api/v1/orgs/acme/members/").status_code == 200
    assert (
        api_client.patch("/api/v1/orgs/acme/", {"name": "Hacked"}, format="json").status_code == 403
    )
    assert ApiKey.objects.get().last_used_at is not None


def test_api_key_cannot_be_created_as_owner(api_as, org, owner):
    response = api_as(owner).post(
        "/api/v1/orgs/acme/api-keys/", {"name": "Root", "role": "owner"}, format="json"
    )

    assert response.status_code == 400
    assert "role" in response.json()["error"]["fields"]


def test_a_malformed_api_key_is_401(api_client, org):
    api_client.credentials(HTTP_AUTHORIZATION="Api-Key nonsense")

    assert api_client.get("/api/v1/orgs/acme/").status_code == 401


def test_audit_log_lists_with_cursor_pagination_and_filters(api_as, org, owner, admin):
    for i in range(5):
        audit_record(org=org, actor=owner, action=f"member.test{i}")
    audit_record(org=org, actor=admin, action="api_key.created")

    first = api_as(admin).get("/api/v1/orgs/acme/audit-log/?page_size=2&action=member.").json()
    second = api_as(admin).get(first["next"]).json()

    assert [e["action"] for e in first["results"]] == ["member.test4", "member.test3"]
    assert [e["action"] for e in second["results"]] == ["member.test2", "member.test1"]


def test_notifications_are_per_user(api_as, org, owner, member):
    notification_create(org=org, user=member, kind="k", title="For Mia")
    notification_create(org=org, user=owner, kind="k", title="For Olivia")

    mine = api_as(member).get("/api/v1/orgs/acme/notifications/?unread=1").json()
    marked = api_as(member).post("/api/v1/orgs/acme/notifications/read/", {}, format="json").json()

    assert [n["title"] for n in mine["results"]] == ["For Mia"]
    assert marked == {"marked": 1}


@pytest.mark.parametrize(
    "path", ["members/", "api-keys/", "audit-log/", "invitations/", "notifications/"]
)
def test_lists_cost_a_constant_number_of_queries(
    api_as, org, owner, path, django_assert_max_num_queries
):
    from tests.factories import member_of

    client = api_as(owner)
    for i in range(3):
        member_of(org, Role.MEMBER)
        api_key_create(org=org, actor=owner, name=f"k{i}", role="viewer")
        notification_create(org=org, user=owner, kind="k", title=f"n{i}")
    client.get(f"/api/v1/orgs/acme/{path}")  # warm caches (content types, etc.)
    with django_assert_max_num_queries(8) as few:
        client.get(f"/api/v1/orgs/acme/{path}")
    for i in range(20):
        member_of(org, Role.MEMBER)
        api_key_create(org=org, actor=owner, name=f"more{i}", role="viewer")
        notification_create(org=org, user=owner, kind="k", title=f"more{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/api/v1/orgs/acme/{path}")
