"""The base of every org-scoped API view: `/api/v1/orgs/<org_slug>/...`.

Resolves the organization from the URL, answers 404 to anyone outside it, and enforces the
minimum role declared per HTTP method; a method not declared needs the owner role.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import User
from organizations.access import OrgAccess, org_access
from organizations.auth import ApiKeyPrincipal
from organizations.models import ApiKey, Organization, Role

ORG_SLUG_PARAMETER = OpenApiParameter(
    "org_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The organization's slug."
)


@extend_schema(parameters=[ORG_SLUG_PARAMETER])
class OrgApi(APIView):
    required_roles: ClassVar[dict[str, Role]] = {}
    access: OrgAccess

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication, IsAuthenticated, throttles
        api_key = request.auth if isinstance(request.auth, ApiKey) else None
        self.access = org_access(user=request.user, slug=kwargs["org_slug"], api_key=api_key)
        self.access.require(self.required_role(request.method or "GET"))

    def required_role(self, method: str) -> Role:
        if method in ("HEAD", "OPTIONS"):
            method = "GET"
        return self.required_roles.get(method, Role.OWNER)

    @property
    def org(self) -> Organization:
        return self.access.org

    @property
    def actor(self) -> User | None:
        """The person acting, or None when an API key is (see `actor_label`)."""
        user = self.request.user
        if isinstance(user, (ApiKeyPrincipal, AnonymousUser)):
            return None
        assert isinstance(user, User)
        return user

    @property
    def actor_label(self) -> str:
        user = self.request.user
        return user.get_full_name() if hasattr(user, "get_full_name") else "system"
