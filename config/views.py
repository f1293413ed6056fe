"""Project-level views: landing page, app shell, health, API root and error handlers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from config.api.errors import error_response
from config.health import health_report
from organizations.selectors import org_list_for_user
from organizations.views import LAST_ORG_SESSION_KEY


def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "landing.html")


@login_required
def app_home(request: HttpRequest) -> HttpResponse:
    """/app/: the organization used last (remembered in the session), else the first one."""
    user = request.user
    assert isinstance(user, User)
    slugs = list(org_list_for_user(user=user).values_list("slug", flat=True))
    if not slugs:
        return redirect("org-new")
    last = request.session.get(LAST_ORG_SESSION_KEY)
    return redirect("org-dashboard", org_slug=last if last in slugs else slugs[0])


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


class ApiRootApi(APIView):
    """Where an integrator starts: the version and the documentation links."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="api_root",
        responses={
            200: inline_serializer(
                "ApiRootOutput",
                {
                    "name": serializers.CharField(),
                    "version": serializers.CharField(),
                    "schema": serializers.URLField(),
                    "docs": serializers.URLField(),
                    "redoc": serializers.URLField(),
                },
            )
        },
    )
    def get(self, request: Request) -> Response:
        from django.conf import settings

        return Response(
            {
                "name": "Herald API",
                "version": settings.HERALD_VERSION,
                "schema": request.build_absolute_uri("/api/schema/"),
                "docs": request.build_absolute_uri("/api/docs/"),
                "redoc": request.build_absolute_uri("/api/redoc/"),
            }
        )


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or request.path.startswith("/health")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return error_response(request, 404, "Not found.")
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return error_response(
            request,
            500,
            "Something went wrong on our side. Quote the request id if you contact support.",
        )
    return render(request, "errors/500.html", status=500)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return error_response(request, 403, "You do not have permission to do this.")
    return render(request, "errors/403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _wants_json(request):
        return error_response(request, 400, "The request could not be understood.")
    return render(request, "errors/400.html", status=400)
