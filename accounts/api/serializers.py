from __future__ import annotations

from typing import Any

from rest_framework import serializers

from accounts.models import User
from accounts.selectors import email_verified, mfa_enabled


class AuthErrorDetailOutput(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, snake_case; e.g. `invalid_credentials`.")
    message = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]  # the error body's key
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Input field name -> what is wrong with it.",
    )


class AuthErrorOutput(serializers.Serializer):
    error = AuthErrorDetailOutput()
    request_id = serializers.CharField(allow_null=True)


class AuthRegisterInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    name = serializers.CharField(max_length=150)
    timezone = serializers.CharField(max_length=64, required=False, default="UTC")


class AuthTokenObtainInput(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})
    otp_code = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="Required when two-factor authentication is on: the authenticator app's "
        "current code, or one unused recovery code.",
    )


class AuthTokenRefreshInput(serializers.Serializer):
    refresh = serializers.CharField()


class AuthLogoutInput(serializers.Serializer):
    refresh = serializers.CharField(help_text="The refresh token to revoke.")


class AuthTokenPairOutput(serializers.Serializer):
    access = serializers.CharField(help_text="Bearer token for API calls; valid 15 minutes.")
    refresh = serializers.CharField(
        help_text="Exchange at token/refresh/ for a new pair; valid 30 days, usable once."
    )


class AuthMeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField()
    timezone = serializers.CharField()
    avatar_url = serializers.SerializerMethodField()
    email_verified = serializers.SerializerMethodField()
    mfa_enabled = serializers.SerializerMethodField()
    date_joined = serializers.DateTimeField()

    def get_avatar_url(self, user: User) -> str | None:
        if not user.avatar:
            return None
        url = user.avatar.url
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    def get_email_verified(self, user: User) -> bool:
        return email_verified(user=user)

    def get_mfa_enabled(self, user: User) -> bool:
        return mfa_enabled(user=user)


class AuthRegisterOutput(serializers.Serializer):
    user = AuthMeOutput()
    verification_required = serializers.BooleanField(
        help_text="True when the address must be verified before signing in."
    )
    access = serializers.CharField(allow_null=True)
    refresh = serializers.CharField(allow_null=True)


class AuthMeUpdateInput(serializers.Serializer):
    name = serializers.CharField(max_length=150, required=False)
    timezone = serializers.CharField(
        max_length=64, required=False, help_text="An IANA time zone, e.g. Europe/Paris."
    )
    avatar = serializers.FileField(
        required=False,
        help_text="PNG, JPEG, GIF or WebP, up to 2 MB (multipart/form-data).",
    )
    remove_avatar = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("avatar") is not None and attrs.get("remove_avatar"):
            raise serializers.ValidationError(
                {"remove_avatar": "Send a new avatar or remove it, not both."}
            )
        return attrs


class AuthPasswordChangeInput(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, style={"input_type": "password"})
    new_password = serializers.CharField(max_length=128, style={"input_type": "password"})
