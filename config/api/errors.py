"""One error shape for every API response.

{"error": {"code": "stable_snake_code", "message": "human sentence", "fields": {...}},
 "request_id": "..."}
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import DomainError

logger = logging.getLogger(__name__)

STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    402: "payment_required",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
    503: "service_unavailable",
}


def error_body(
    request: HttpRequest | None,
    *,
    code: str,
    message: str,
    fields: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "error": {"code": code, "message": message, "fields": fields or {}},
        "request_id": getattr(request, "request_id", None),
    }


def error_response(
    request: HttpRequest, status_code: int, message: str, code: str | None = None
) -> JsonResponse:
    """A JSON error for responses produced outside DRF (404 and 500 handlers)."""
    code = code or STATUS_CODES.get(status_code, "error")
    return JsonResponse(error_body(request, code=code, message=message), status=status_code)


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [str(item) for item in detail]
        return [_flatten(item) for item in detail]
    return [str(detail)]


def _first_message(fields: Any, prefix: str = "") -> str:
    if isinstance(fields, dict):
        for key, value in fields.items():
            label = key if key != "non_field_errors" else ""
            name = f"{prefix}.{label}" if prefix and label else (label or prefix)
            return _first_message(value, name)
    if isinstance(fields, list) and fields:
        return _first_message(fields[0], prefix)
    text = str(fields)
    return f"{prefix}: {text}" if prefix else text


def _validation_fields(exc: exceptions.ValidationError) -> dict[str, Any]:
    detail = _flatten(exc.detail)
    if isinstance(detail, list):
        return {"non_field_errors": detail}
    return detail


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    if isinstance(exc, DomainError):
        return Response(
            error_body(request, code=exc.code, message=exc.message, fields=exc.fields),
            status=exc.status_code,
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            exc = exceptions.ValidationError(exc.message_dict)
        else:
            exc = exceptions.ValidationError({"non_field_errors": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        # Unhandled: Django's 500 handler answers with the same shape (see config.views).
        return None

    if isinstance(exc, exceptions.ValidationError):
        fields = _validation_fields(exc)
        body = error_body(
            request, code="validation_error", message=_first_message(fields), fields=fields
        )
    else:
        assert isinstance(exc, exceptions.APIException)
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
        else:  # a dict or list of details (simplejwt's InvalidToken): the exception's own code
            code = str(exc.default_code) or STATUS_CODES.get(response.status_code, "error")
        detail = exc.detail
        message = str(detail) if not isinstance(detail, (list, dict)) else str(exc.default_detail)
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait is not None:
            message = f"Too many requests. Try again in {int(wait) + 1} seconds."
        body = error_body(request, code=code, message=message)
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    response.data = body
    return response
