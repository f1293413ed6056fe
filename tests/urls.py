"""Test-only URLconf: Herald's routes plus views that raise each kind of error."""

from django.urls import path
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.errors import ConflictError, PaymentRequiredError
from config.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


class EchoInput(serializers.Serializer):
    email = serializers.EmailField()
    count = serializers.IntegerField(min_value=1)


class EchoApi(APIView):
    permission_classes = [AllowAny]

    def post(self, request: Request) -> Response:
        data = EchoInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(data.validated_data)


class StaffOnlyApi(APIView):
    permission_classes = [IsAdminUser]

    def get(self, request: Request) -> Response:
        return Response({"ok": True})


class DomainErrorApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request, kind: str) -> Response:
        if kind == "payment":
            raise PaymentRequiredError("Your plan allows 5 posts a month; you have used 5.")
        raise ConflictError("This post is already publishing.", code="post_publishing")


class BoomApi(APIView):
    permission_classes = [AllowAny]

    def get(self, request: Request) -> Response:
        raise RuntimeError("kaboom")


urlpatterns = [
    path("api/v1/_test/echo/", EchoApi.as_view()),
    path("api/v1/_test/staff/", StaffOnlyApi.as_view()),
    path("api/v1/_test/domain/<str:kind>/", DomainErrorApi.as_view()),
    path("api/v1/_test/boom/", BoomApi.as_view()),
    *urlpatterns,
]
