from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from config.errors import ConflictError, NotFoundError, PermissionDeniedError
from organizations import services
from organizations.models import AuditEvent, Invitation, Membership, Organization, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_creating_an_org_makes_the_creator_its_owner_with_a_unique_slug():
    alice = UserFactory()

    first = services.org_create(actor=alice, name="Blue Bottle")
    second = services.org_create(actor=alice, name="Blue Bottle")

    assert (first.slug, second.slug) == ("blue-bottle", "blue-bottle-2")
    assert Membership.objects.get(organization=first, user=alice).role == Role.OWNER
    assert AuditEvent.objects.filter(organization=first, action="org.created").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "X", "timezone_name": "Mars/Olympus"}, "timezone"),
        ({"name": "X", "slug": "admin"}, "slug"),
    ],
)
def test_org_create_rejects_bad_input_by_field(fields, field):
    with pytest.raises(ValidationError) as exc:
        services.org_create(actor=UserFactory(), **fields)

    assert field in exc.value.message_dict
    assert Organization.objects.count() == 0


def test_update_records_what_changed(org, owner):
    services.org_update(org=org, actor=owner, name="Acme Global", require_approval=True)

    event = AuditEvent.objects.get(action="org.updated")
    assert event.metadata["changes"] == {
        "name": ["Acme Marketing", "Acme Global"],
        "require_approval": [False, True],
    }


def test_delete_needs_the_slug_as_confirmation(org, owner):
    with pytest.raises(ValidationError):
        services.org_delete(org=org, actor=owner, confirm_slug="wrong")

    services.org_delete(org=org, actor=owner, confirm_slug="acme")

    assert not Organization.objects.filter(pk=org.pk).exists()
    assert AuditEvent.objects.filter(action="org.deleted", organization=None).exists()


def _membership(org, user):
    return Membership.objects.get(organization=org, user=user)


def test_only_owners_grant_or_remove_the_owner_role(org, owner, admin, member):
    with pytest.raises(PermissionDeniedError):
        services.membership_change_role(
            org=org,
            actor=admin,
            actor_role=Role.ADMIN,
            membership=_membership(org, member),
            role="owner",
        )
    with pytest.raises(PermissionDeniedError):
        services.membership_change_role(
            org=org,
            actor=admin,
            actor_role=Role.ADMIN,
            membership=_membership(org, owner),
            role="member",
        )

    services.membership_change_role(
        org=org,
        actor=owner,
        actor_role=Role.OWNER,
        membership=_membership(org, member),
        role="owner",
    )

    assert _membership(org, member).role == Role.OWNER
    assert AuditEvent.objects.get(action="member.role_changed").metadata == {
        "from": "member",
        "to": "owner",
    }


def test_the_last_owner_cannot_be_demoted_or_leave(org, owner):
    with pytest.raises(ConflictError) as demote:
        services.membership_change_role(
            org=org,
            actor=owner,
            actor_role=Role.OWNER,
            membership=_membership(org, owner),
            role="admin",
        )
    with pytest.raises(ConflictError) as leave:
        services.membership_leave(org=org, user=owner)

    assert demote.value.code == leave.value.code == "last_owner"
    assert _membership(org, owner).role == Role.OWNER


def test_an_owner_may_leave_when_another_owner_remains(org, owner, member):
    services.membership_change_role(
        org=org,
        actor=owner,
        actor_role=Role.OWNER,
        membership=_membership(org, member),
        role="owner",
    )

    services.membership_leave(org=org, user=owner)

    assert not Membership.objects.filter(organization=org, user=owner).exists()


def test_admins_remove_members_but_not_owners(org, owner, admin, member):
    with pytest.raises(PermissionDeniedError):
        services.membership_remove(
            org=org, actor=admin, actor_role=Role.ADMIN, membership=_membership(org, owner)
        )

    services.membership_remove(
        org=org, actor=admin, actor_role=Role.ADMIN, membership=_membership(org, member)
    )

    assert not Membership.objects.filter(organization=org, user=member).exists()


def test_a_membership_of_another_org_is_not_found(org, owner, other_org, outsider):
    with pytest.raises(NotFoundError):
        services.membership_remove(
            org=org, actor=owner, actor_role=Role.OWNER, membership=_membership(other_org, outsider)
        )


# --- Invitations --------------------------------------------------------------------------


def test_invitation_is_emailed_with_a_link_that_works_once(
    org, owner, django_capture_on_commit_callbacks, celery_eager
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invitation_create(
            org=org,
            actor=owner,
            actor_role=Role.OWNER,
            email="New.Person@Example.com",
            role="member",
        )

    assert invitation.email == "new.person@example.com"
    assert invitation.token_hash != token  # only a digest is stored
    assert len(mail.outbox) == 1
    assert f"/invitations/{token}/" in mail.outbox[0].body
    newcomer = UserFactory(email="new.person@example.com")

    membership = services.invitation_accept(token=token, user=newcomer)

    assert membership.role == Role.MEMBER
    with pytest.raises(ConflictError) as again:
        services.invitation_accept(token=token, user=newcomer)
    assert again.value.code == "invitation_used"


def test_no_duplicate_pending_invitations_for_one_email(org, owner):
    services.invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="a@example.com", role="member"
    )

    with pytest.raises(ConflictError) as exc:
        services.invitation_create(
            org=org, actor=owner, actor_role=Role.OWNER, email="A@example.com", role="admin"
        )

    assert exc.value.code == "invitation_pending"
    assert Invitation.objects.count() == 1


def test_inviting_an_existing_member_is_a_conflict(org, owner, member):
    with pytest.raises(ConflictError):
        services.invitation_create(
            org=org, actor=owner, actor_role=Role.OWNER, email=member.email, role="viewer"
        )


def test_an_expired_invitation_cannot_be_accepted(org, owner):
    invitation, token = services.invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="late@example.com", role="member"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    with pytest.raises(ConflictError) as exc:
        services.invitation_accept(token=token, user=UserFactory(email="late@example.com"))

    assert exc.value.code == "invitation_expired"


def test_an_invitation_is_for_its_email_only(org, owner):
    _, token = services.invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="bo@example.com", role="member"
    )

    with pytest.raises(PermissionDeniedError):
        services.invitation_accept(token=token, user=UserFactory(email="mallory@example.com"))


def test_resend_replaces_the_token_and_revoke_kills_it(org, owner):
    invitation, old = services.invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="c@example.com", role="member"
    )
    new = services.invitation_resend(org=org, actor=owner, invitation=invitation)

    with pytest.raises(NotFoundError):
        services.invitation_for_token(token=old)
    services.invitation_revoke(org=org, actor=owner, invitation=invitation)
    with pytest.raises(ConflictError):
        services.invitation_accept(token=new, user=UserFactory(email="c@example.com"))


def test_admins_cannot_invite_owners(org, admin):
    with pytest.raises(PermissionDeniedError):
        services.invitation_create(
            org=org, actor=admin, actor_role=Role.ADMIN, email="d@example.com", role="owner"
        )


def test_accepting_notifies_the_admins(org, owner, admin):
    _, token = services.invitation_create(
        org=org, actor=owner, actor_role=Role.OWNER, email="e@example.com", role="viewer"
    )

    services.invitation_accept(token=token, user=UserFactory(email="e@example.com", name="Eve"))

    titles = set(owner.notifications.values_list("title", flat=True)) | set(
        admin.notifications.values_list("title", flat=True)
    )
    assert titles == {"Eve joined Acme Marketing"}


# --- API keys and notifications -------------------------------------------------------------


def test_api_keys_are_shown_once_and_stored_hashed(org, owner):
    api_key, key = services.api_key_create(org=org, actor=owner, name="Zapier", role="member")

    assert key.startswith(f"hk_{api_key.prefix}_")
    assert key not in (api_key.key_hash, api_key.prefix)
    with pytest.raises(ValidationError):
        services.api_key_create(org=org, actor=owner, name="Root", role="owner")


def test_notification_email_only_for_opted_in_kinds(
    org, owner, admin, django_capture_on_commit_callbacks, celery_eager
):
    services.notification_preference_set(user=owner, kind="member.joined", email=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.notify_admins(org=org, kind="member.joined", title="Someone joined")

    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert services.notifications_mark_read(org=org, user=owner) == 1
    assert services.notifications_mark_read(org=org, user=owner) == 0


def test_invitations_hold_seats_up_to_the_plans_member_limit(owner):
    from billing.models import Plan
    from billing.services import plan_change
    from config.errors import PaymentRequiredError

    small = services.org_create(actor=owner, name="Tiny team")  # Free plan: 2 seats
    plan_change(org=small, actor=None, plan=Plan.objects.get(code="free"))
    _, token = services.invitation_create(
        org=small, actor=owner, actor_role=Role.OWNER, email="second@example.com", role="member"
    )

    with pytest.raises(PaymentRequiredError) as exc:
        services.invitation_create(
            org=small, actor=owner, actor_role=Role.OWNER, email="third@example.com", role="member"
        )

    assert exc.value.code == "plan_limit_reached"
    assert services.invitation_accept(token=token, user=UserFactory(email="second@example.com"))
