"""Throttles backed by the shared cache (Redis in production).

Rates are read from settings at request time, so they follow `override_settings`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView


class _SettingsRateMixin:
    scope: str

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        return str(rate) if rate else None


class BurstUserRateThrottle(_SettingsRateMixin, UserRateThrottle):
    scope = "user"


class AnonBurstRateThrottle(_SettingsRateMixin, AnonRateThrottle):
    scope = "anon"


class AuthRateThrottle(_SettingsRateMixin, SimpleRateThrottle):
    """Sign-in, sign-up and token endpoints: keyed by client address, whoever asks."""

    scope = "auth"

    def get_cache_key(self, request: Request, view: APIView) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
