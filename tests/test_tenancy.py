"""Tenant isolation, walked from the URLconf.

Every route that carries an `<org_slug>` is found automatically, classified (an `OrgApi`
view or an `@org_view` page) and called by an outsider, with the ids of another
organization's objects, for every method it serves. Anything but 404 fails. A route that
cannot be classified, or whose id kwarg has no maker below, fails too: new routes extend
this test by adding a maker, not by remembering.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from organizations.api.base import OrgApi

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Route:
    pattern: str
    callback: Any

    @property
    def kwargs(self) -> list[str]:
        import re

        return re.findall(r"<(?:\w+:)?(\w+)>", self.pattern)

    @property
    def is_api(self) -> bool:
        view_class = getattr(self.callback, "view_class", None)
        return view_class is not None and issubclass(view_class, OrgApi)

    @property
    def is_org_page(self) -> bool:
        return hasattr(self.callback, "org_roles")

    def methods(self) -> list[str]:
        if self.is_api:
            return [m for m in METHODS if hasattr(self.callback.view_class, m)]
        return ["get", "post"]

    def path(self, values: dict[str, Any]) -> str:
        import re

        return "/" + re.sub(
            r"<(?:\w+:)?(\w+)>", lambda m: str(values[str(m.group(1))]), self.pattern
        )


def _walk(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield Route(prefix + str(entry.pattern), entry.callback)


def org_routes() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if "org_slug" in r.kwargs]


# --- How to make an object of `org` for each id kwarg a route may carry -------------------


def _member(org, owner):
    from organizations.models import Membership

    return Membership.objects.for_org(org).get(user=owner).pk


def _invitation(org, owner):
    from organizations.models import Invitation

    return Invitation.objects.create(
        organization=org,
        email="pending@example.com",
        token_hash="x" * 64,
        expires_at="2999-01-01T00:00:00Z",
    ).pk


def _api_key(org, owner):
    from organizations.services import api_key_create

    return api_key_create(org=org, actor=owner, name="Zapier", role="member")[0].pk


def _endpoint(org, owner):
    from organizations.models import WebhookEndpoint

    return WebhookEndpoint.objects.create(
        organization=org, url="https://hooks.example.com/in", secret="whsec_test"
    ).pk


def _delivery(org, owner):
    from django.utils import timezone

    from organizations.models import WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint.objects.for_org(org).first() or WebhookEndpoint.objects.get(
        pk=_endpoint(org, owner)
    )
    return WebhookDelivery.objects.create(
        organization=org,
        endpoint=endpoint,
        event_type="ping",
        payload={},
        next_attempt_at=timezone.now(),
    ).pk


def _notification(org, owner):
    from organizations.models import Notification

    return Notification.objects.create(organization=org, user=owner, kind="x", title="t").pk


def _agent_slug(org, owner):
    from agents.models import AgentDefinition

    return AgentDefinition.objects.filter(enabled=True).values_list("slug", flat=True).first()


def _execution(org, owner):
    from agents.models import AgentDefinition, AgentExecution

    agent = AgentDefinition.objects.filter(enabled=True).select_related("current_version").first()
    return AgentExecution.objects.create(
        organization=org,
        agent=agent,
        version=agent.current_version,
        actor=owner,
        input={"topic": "theirs"},
        cache_key="x" * 64,
    ).pk


# Kwargs naming shared rows (the agent catalog), not an organization's own: only the
# other-org-slug half of the check applies to them.
SHARED_KWARGS = {"agent_slug"}

MAKERS: dict[str, Callable[[Any, Any], Any]] = {
    "agent_slug": _agent_slug,
    "execution_id": _execution,
    "member_id": _member,
    "invitation_id": _invitation,
    "key_id": _api_key,
    "endpoint_id": _endpoint,
    "delivery_id": _delivery,
    "notification_id": _notification,
}


def test_every_org_route_is_classified_and_every_id_has_a_maker():
    routes = org_routes()
    assert len(routes) >= 10

    unclassified = [r.pattern for r in routes if not (r.is_api or r.is_org_page)]
    unknown = {k for r in routes for k in r.kwargs if k != "org_slug" and k not in MAKERS}

    assert unclassified == [], "org routes that bypass OrgApi / @org_view"
    assert unknown == set(), "id kwargs with no maker in MAKERS"


def _ids(org, owner, route: Route) -> dict[str, Any]:
    return {k: MAKERS[k](org, owner) for k in route.kwargs if k != "org_slug"}


def _call(client, method: str, path: str):
    return getattr(client, method)(path, data={}, content_type="application/json")


@pytest.mark.parametrize("route", org_routes(), ids=lambda r: r.pattern)
def test_an_outsider_gets_404_from_every_org_route(
    route, org, owner, other_org, outsider, client, api_as
):
    """Another org's slug, and another org's ids under the outsider's own slug: both 404."""
    values = _ids(org, owner, route)
    api = api_as(outsider)
    client.force_login(outsider)
    web = client

    owned_ids = set(values) - SHARED_KWARGS
    for slug in {org.slug} | ({other_org.slug} if owned_ids else set()):
        path = route.path({"org_slug": slug, **values})
        for method in route.methods():
            response = _call(api if route.is_api else web, method, path)
            assert response.status_code == 404, f"{method.upper()} {path} -> {response.status_code}"


def test_a_revoked_or_foreign_api_key_gets_404(org, owner, other_org, outsider, api_client):
    from organizations.services import api_key_create, api_key_revoke

    foreign_key = api_key_create(org=other_org, actor=outsider, name="theirs", role="admin")[1]
    api_key, own = api_key_create(org=org, actor=owner, name="ours", role="admin")

    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {foreign_key}")
    assert api_client.get(f"/api/v1/orgs/{org.slug}/members/").status_code == 404

    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {own}")
    assert api_client.get(f"/api/v1/orgs/{org.slug}/members/").status_code == 200

    api_key_revoke(org=org, actor=owner, api_key=api_key)
    assert api_client.get(f"/api/v1/orgs/{org.slug}/members/").status_code == 401
