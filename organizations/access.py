"""Resolving "which organization, with which role" for a request.

Outsiders get the same answer as for an organization that does not exist (404), so ids and
slugs of other tenants leak nothing. An API key acts for its own organization only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from config.errors import NotFoundError, PermissionDeniedError
from organizations.models import ApiKey, Membership, Organization, Role


@dataclass(frozen=True)
class OrgAccess:
    org: Organization
    role: Role
    membership: Membership | None = None
    api_key: ApiKey | None = None

    def require(self, role: Role) -> None:
        if not self.role.at_least(role):
            raise PermissionDeniedError(
                f"This needs the {role.label.lower()} role or higher; you are a "
                f"{self.role.label.lower()} here.",
                code="role_required",
            )


def org_access(*, user: Any, slug: str, api_key: ApiKey | None = None) -> OrgAccess:
    if api_key is not None:
        if api_key.organization.slug != slug or api_key.revoked_at is not None:
            raise NotFoundError()
        return OrgAccess(org=api_key.organization, role=Role(api_key.role), api_key=api_key)
    if user is None or not user.is_authenticated:
        raise NotFoundError()
    membership = (
        Membership.objects.select_related("organization")
        .filter(organization__slug=slug, user=user)
        .first()
    )
    if membership is None:
        raise NotFoundError()
    return OrgAccess(org=membership.organization, role=Role(membership.role), membership=membership)
