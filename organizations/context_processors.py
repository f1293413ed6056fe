"""What the app shell needs on every page: the current organization, the org switcher and
the unread-notification badge.

The current organization is the one `@org_view` resolved for this request
(`request.org_access`); pages outside an organization have none. Everything that costs a
query is lazy, so pages that do not show it (public pages, htmx fragments) pay nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from organizations.access import OrgAccess
from organizations.models import Role
from organizations.selectors import notification_unread_count, org_list_for_user


def organization(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context: dict[str, Any] = {
        "user_orgs": SimpleLazyObject(lambda: list(org_list_for_user(user=user))),
    }
    access: OrgAccess | None = getattr(request, "org_access", None)
    if access is None:
        return context
    org = access.org
    base = f"/app/{org.slug}/"
    section = request.path[len(base) :].split("/", 1)[0] if request.path.startswith(base) else ""
    context.update(
        current_org=org,
        current_role=access.role,
        can_admin=access.role.at_least(Role.ADMIN),
        is_owner=access.role == Role.OWNER,
        # "" on the dashboard, else the first path segment: "settings", "notifications", ...
        org_section=section,
        unread_notification_count=SimpleLazyObject(
            lambda: notification_unread_count(org=org, user=user)
        ),
    )
    return context
