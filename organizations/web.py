"""The base of every org-scoped web page: `/app/<org_slug>/...`.

Same rules as the API's `OrgApi`: outsiders get 404, each HTTP method declares its minimum
role (undeclared methods need the owner), and the page gets `request.org_access`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from config.errors import NotFoundError, PermissionDeniedError
from organizations.access import OrgAccess, org_access
from organizations.models import Role

ViewFunc = Callable[..., HttpResponse]


def org_view(**roles: Role) -> Callable[[ViewFunc], ViewFunc]:
    """Declare the minimum role per method: `@org_view(get=Role.VIEWER, post=Role.ADMIN)`."""
    required = {method.upper(): role for method, role in roles.items()}

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, org_slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            try:
                access = org_access(user=request.user, slug=org_slug)
            except NotFoundError:
                raise Http404("No such organization.") from None
            method = "GET" if request.method in ("HEAD", "OPTIONS") else (request.method or "GET")
            try:
                access.require(required.get(method, Role.OWNER))
            except PermissionDeniedError as exc:
                return render(request, "errors/403.html", {"message": exc.message}, status=403)
            request.org_access = access  # type: ignore[attr-defined]
            return view(request, org_slug, *args, **kwargs)

        wrapper.org_roles = required  # type: ignore[attr-defined]  # read by the tenancy test
        return wrapper

    return decorator


def current_access(request: HttpRequest) -> OrgAccess:
    access: OrgAccess = request.org_access  # type: ignore[attr-defined]
    return access
