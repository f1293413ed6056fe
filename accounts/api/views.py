"""Auth API: register, JWT obtain/refresh/logout, the signed-in person's profile and password.

Sign-in through `token/` goes through allauth's authentication, so wrong passwords count
toward the same lockout as the web login form, and an account with two-factor authentication
needs its code here too.
"""

from __future__ import annotations

from typing import Any

from allauth.account import app_settings as allauth_account_settings
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import parse_rates
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import services
from accounts.api import serializers as s
from accounts.models import User
from config.api.inputs import validated
from config.api.throttling import AuthRateThrottle
from config.errors import PermissionDeniedError

ERRORS = {
    400: OpenApiResponse(s.AuthErrorOutput, description="Invalid input; `fields` names them."),
    401: OpenApiResponse(s.AuthErrorOutput, description="Not signed in or wrong credentials."),
    403: OpenApiResponse(
        s.AuthErrorOutput, description="An organization API key: these endpoints act for a person."
    ),
    429: OpenApiResponse(
        s.AuthErrorOutput, description="Too many attempts; wait `Retry-After` seconds."
    ),
}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: ERRORS[code] for code in codes}


def _person(request: Request) -> User:
    """These endpoints act for a person; an organization API key is not one."""
    if not isinstance(request.user, User):
        raise PermissionDeniedError(
            "This endpoint acts for a person; sign in with a user token, not an API key.",
            code="user_token_required",
        )
    return request.user


def _lockout_seconds() -> int:
    rates = parse_rates(allauth_account_settings.RATE_LIMITS.get("login_failed"))
    return int(max((rate.duration for rate in rates), default=300))


def _too_many_attempts() -> exceptions.Throttled:
    return exceptions.Throttled(
        wait=_lockout_seconds(),
        detail="Too many failed sign-in attempts; try again later or reset your password.",
        code="too_many_login_attempts",
    )


def _verification_required(user: User) -> bool:
    """Mandatory verification (production) holds for the API as it does for the web."""
    if settings.ACCOUNT_EMAIL_VERIFICATION != "mandatory":
        return False
    return not EmailAddress.objects.filter(user=user, verified=True).exists()


def _authenticate(request: HttpRequest, *, email: str, password: str, otp_code: str) -> User:
    """Password (counted toward allauth's login lockout), then the second factor if it is on."""
    adapter = get_account_adapter(request)
    try:
        user = adapter.authenticate(request, email=email.strip().lower(), password=password)
    except DjangoValidationError:  # allauth refuses: too many recent failures
        raise _too_many_attempts() from None
    if not isinstance(user, User):
        raise exceptions.AuthenticationFailed(
            "The email address or password is not correct.", code="invalid_credentials"
        )
    if not user.is_active:
        raise exceptions.AuthenticationFailed("This account is disabled.", code="account_inactive")
    if _verification_required(user):
        raise exceptions.PermissionDenied(
            "Verify your email address first: open the link we emailed you, then sign in.",
            code="email_unverified",
        )
    if is_mfa_enabled(user):
        if not otp_code:
            raise exceptions.AuthenticationFailed(
                "Two-factor authentication is on for this account: send `otp_code` as well.",
                code="mfa_required",
            )
        form = AuthenticateForm(user=user, data={"code": otp_code})
        if not form.is_valid():
            if form.has_error("code", "too_many_login_attempts"):
                raise _too_many_attempts()
            raise exceptions.AuthenticationFailed(
                "The two-factor code is not correct.", code="mfa_code_invalid"
            )
        form.authenticator.record_usage()
    return user


class _AuthEndpoint(APIView):
    """Open to anyone, throttled per client address, no session (so no CSRF) involved."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [AuthRateThrottle]

    def get_authenticate_header(self, request: Request) -> str:
        # Without authenticators DRF would turn a 401 (bad credentials/token) into a 403.
        return 'Bearer realm="api"'


class AuthRegisterApi(_AuthEndpoint):
    @extend_schema(
        operation_id="auth_register",
        summary="Create an account",
        description=(
            "Creates the account and its personal organization and emails a link to verify "
            "the address. Where verification is mandatory (production), no tokens are issued "
            "until the address is verified (`verification_required` is true, `access` and "
            "`refresh` are null); otherwise the new user is signed in at once."
        ),
        request=s.AuthRegisterInput,
        responses={201: s.AuthRegisterOutput, **_errors(400, 429)},
    )
    def post(self, request: Request) -> Response:
        data = validated(s.AuthRegisterInput, request.data)
        user = services.user_register(**data)
        address = EmailAddress.objects.get_primary(user)
        if address is not None:
            address.send_confirmation(request._request, signup=True)
        body: dict[str, Any] = {
            "user": s.AuthMeOutput(user, context={"request": request}).data,
            "verification_required": _verification_required(user),
            "access": None,
            "refresh": None,
        }
        if not body["verification_required"]:
            tokens = services.api_tokens_issue(user=user, sign_in=False)
            body.update(access=tokens.access, refresh=tokens.refresh)
        return Response(body, status=status.HTTP_201_CREATED)


class AuthTokenObtainApi(_AuthEndpoint):
    @extend_schema(
        operation_id="auth_token_obtain",
        summary="Sign in: email and password for a token pair",
        description=(
            "Wrong passwords count toward the account lockout shared with the web sign-in "
            "(5 failures in 5 minutes per address lock it for a while; answered with 429). "
            "Accounts with two-factor authentication also send `otp_code`."
        ),
        request=s.AuthTokenObtainInput,
        responses={200: s.AuthTokenPairOutput, **_errors(400, 401, 429)},
    )
    def post(self, request: Request) -> Response:
        data = validated(s.AuthTokenObtainInput, request.data)
        user = _authenticate(
            request._request,
            email=data["email"],
            password=data["password"],
            otp_code=data.get("otp_code", ""),
        )
        tokens = services.api_tokens_issue(user=user, sign_in=True)
        return Response(s.AuthTokenPairOutput(tokens).data)


class AuthTokenRefreshApi(_AuthEndpoint):
    @extend_schema(
        operation_id="auth_token_refresh",
        summary="Exchange a refresh token for a new pair",
        description=(
            "Refresh tokens rotate: the one sent is revoked and must be replaced by the one "
            "returned. Sending a revoked token answers 401."
        ),
        request=s.AuthTokenRefreshInput,
        responses={200: s.AuthTokenPairOutput, **_errors(400, 401, 429)},
    )
    def post(self, request: Request) -> Response:
        validated(s.AuthTokenRefreshInput, request.data)
        serializer = TokenRefreshSerializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        return Response(s.AuthTokenPairOutput(serializer.validated_data).data)


class AuthLogoutApi(_AuthEndpoint):
    @extend_schema(
        operation_id="auth_logout",
        summary="Sign out: revoke a refresh token",
        description=(
            "The refresh token can no longer be used. Access tokens already issued stay valid "
            "until they expire (15 minutes)."
        ),
        request=s.AuthLogoutInput,
        responses={204: None, **_errors(400, 401, 429)},
    )
    def post(self, request: Request) -> Response:
        data = validated(s.AuthLogoutInput, request.data)
        try:
            RefreshToken(data["refresh"]).blacklist()
        except TokenError as exc:
            raise InvalidToken(exc.args[0]) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuthMeApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        operation_id="auth_me",
        summary="The signed-in person",
        responses={200: s.AuthMeOutput, **_errors(401, 403)},
    )
    def get(self, request: Request) -> Response:
        user = _person(request)
        return Response(s.AuthMeOutput(user, context={"request": request}).data)

    @extend_schema(
        operation_id="auth_me_update",
        summary="Update name, time zone or avatar",
        description="Send `multipart/form-data` to upload an avatar (PNG, JPEG, GIF or WebP, "
        "at most 2 MB).",
        request={
            "application/json": s.AuthMeUpdateInput,
            "multipart/form-data": s.AuthMeUpdateInput,
        },
        responses={200: s.AuthMeOutput, **_errors(400, 401, 403)},
    )
    def patch(self, request: Request) -> Response:
        user = _person(request)
        data = validated(s.AuthMeUpdateInput, request.data)
        user = services.user_profile_update(user=user, **data)
        return Response(s.AuthMeOutput(user, context={"request": request}).data)


class AuthPasswordChangeApi(APIView):
    permission_classes = [IsAuthenticated]
    throttle_classes = [AuthRateThrottle]

    @extend_schema(
        operation_id="auth_password_change",
        summary="Change the password",
        description=(
            "Checks the current password and applies the password rules (8+ characters with "
            "upper- and lower-case letters and a digit). Every refresh token of the account "
            "is revoked, signing out all API clients and other browsers; the response carries "
            "a new token pair for the caller. Access tokens already issued stay valid until "
            "they expire (15 minutes)."
        ),
        request=s.AuthPasswordChangeInput,
        responses={200: s.AuthTokenPairOutput, **_errors(400, 401, 403, 429)},
    )
    def post(self, request: Request) -> Response:
        user = _person(request)
        data = validated(s.AuthPasswordChangeInput, request.data)
        services.user_password_change(
            user=user,
            current_password=data["current_password"],
            new_password=data["new_password"],
        )
        if isinstance(request.successful_authenticator, SessionAuthentication):
            # A browser session (the browsable API): keep this one signed in.
            update_session_auth_hash(request._request, user)
        tokens = services.api_tokens_issue(user=user, sign_in=False)
        return Response(s.AuthTokenPairOutput(tokens).data)
