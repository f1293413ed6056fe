"""Pages with lists cost a constant number of queries, however long the list."""

import pytest

from organizations.models import Role
from organizations.services import (
    api_key_create,
    audit_record,
    invitation_create,
    notification_create,
)
from tests.factories import member_of

pytestmark = pytest.mark.django_db

PAGES = [
    "/app/acme/",
    "/app/acme/notifications/",
    "/app/acme/settings/members/",
    "/app/acme/settings/invitations/",
    "/app/acme/settings/api-keys/",
    "/app/acme/settings/audit-log/",
    "/app/acme/settings/webhooks/",
    "/app/acme/billing/",
    "/app/acme/agents/",
    "/app/acme/agents/runs/",
]


def _grow(org, owner, n, tag):
    from agents.models import AgentDefinition, AgentExecution
    from billing.services import credits_grant
    from organizations.models import WebhookEndpoint

    agent = AgentDefinition.objects.select_related("current_version").first()
    for i in range(n):
        member_of(org, Role.MEMBER)
        api_key_create(org=org, actor=owner, name=f"{tag}{i}", role="viewer")
        invitation_create(
            org=org,
            actor=owner,
            actor_role=Role.OWNER,
            email=f"{tag}{i}@example.com",
            role="member",
        )
        notification_create(org=org, user=owner, kind="k", title=f"{tag}{i}")
        audit_record(org=org, actor=owner, action=f"test.{tag}{i}")
        credits_grant(org=org, amount=1, reason=f"{tag}{i}")
        WebhookEndpoint.objects.create(
            organization=org, url=f"https://{tag}{i}.example.com/", secret="s"
        )
        AgentExecution.objects.create(
            organization=org,
            agent=agent,
            version=agent.current_version,
            actor=owner,
            input={"topic": f"{tag}{i}"},
            cache_key="x" * 64,
        )


@pytest.mark.parametrize("path", PAGES)
def test_list_pages_cost_a_constant_number_of_queries(
    client, org, owner, path, django_assert_max_num_queries
):
    from billing.models import Plan
    from billing.services import plan_change

    plan_change(org=org, actor=None, plan=Plan.objects.get(code="enterprise"))  # no seat limit
    client.force_login(owner)
    _grow(org, owner, 2, "a")
    assert client.get(path).status_code == 200
    with django_assert_max_num_queries(100) as few:
        client.get(path)

    _grow(org, owner, 12, "b")

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(path).status_code == 200
