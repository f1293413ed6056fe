"""Domain errors: what services raise when a request cannot be honoured.

Each carries a stable `code` and an HTTP status the API layer maps it to; services
never raise HTTP exceptions themselves.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    code = "invalid_request"
    status_code = 400
    default_message = "The request could not be completed."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, Any] | None = None,
    ) -> None:
        self.message = message or self.default_message
        if code:
            self.code = code
        self.fields = fields or {}
        super().__init__(self.message)


class NotFoundError(DomainError):
    code = "not_found"
    status_code = 404
    default_message = "Not found."


class PermissionDeniedError(DomainError):
    code = "permission_denied"
    status_code = 403
    default_message = "You do not have permission to do this."


class ConflictError(DomainError):
    code = "conflict"
    status_code = 409
    default_message = "The request conflicts with the current state."


class PaymentRequiredError(DomainError):
    code = "payment_required"
    status_code = 402
    default_message = "Your plan or credit balance does not allow this."


class ServiceUnavailableError(DomainError):
    code = "service_unavailable"
    status_code = 503
    default_message = "This service is not available right now."
