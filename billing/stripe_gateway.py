"""Every call Herald makes to Stripe goes through this module.

Calls are bounded: a client with explicit connect/read timeouts and a small number of
retries (the SDK retries only what is safe and sends an idempotency key with every POST).
Callers must never hold a database transaction open around these functions, and web
requests use them only to create Checkout and portal sessions (the user is redirected to
Stripe); everything else Stripe tells Herald arrives by signed webhook.

Errors come in Herald's three kinds (STYLE.md, rule 7): `StripeNotConfiguredError` (no key:
billing runs on staff-assigned plans), `StripeTransientError` (network, rate limit, Stripe's
5xx: try again; with the same idempotency key the retry cannot create a second object) and
`StripePermanentError` (Stripe refused the request).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, cast

import stripe
from django.conf import settings

from config.errors import DomainError, ServiceUnavailableError

logger = logging.getLogger(__name__)

# https://docs.stripe.com/webhooks#verify-events: refuse events signed more than 5 minutes ago.
WEBHOOK_TOLERANCE_SECONDS = 300
DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_CONNECT_TIMEOUT_SECONDS = 5.0
DEFAULT_MAX_NETWORK_RETRIES = 2

NOT_CONFIGURED_MESSAGE = (
    "Billing is not configured on this Herald server, so online payments are off. "
    "Staff can assign plans and grant credits in the admin."
)


class StripeNotConfiguredError(ServiceUnavailableError):
    code = "billing_not_configured"
    default_message = NOT_CONFIGURED_MESSAGE


class StripeTransientError(ServiceUnavailableError):
    code = "stripe_unavailable"
    default_message = "Stripe did not answer in time. Try again in a minute."


class StripePermanentError(DomainError):
    code = "stripe_error"
    status_code = 502
    default_message = "Stripe refused the request."


class WebhookSignatureError(DomainError):
    code = "invalid_signature"
    status_code = 400
    default_message = "The Stripe signature is missing, wrong or too old."


@dataclass(frozen=True)
class HostedSession:
    """A Checkout or customer-portal session: where to send the person."""

    id: str
    url: str


def secret_key() -> str:
    return str(getattr(settings, "STRIPE_SECRET_KEY", "") or "")


def is_configured() -> bool:
    return bool(secret_key())


def webhook_secret() -> str:
    return str(
        getattr(settings, "STRIPE_WEBHOOK_SECRET", "")
        or getattr(settings, "DJSTRIPE_WEBHOOK_SECRET", "")
        or ""
    )


def _client() -> stripe.StripeClient:
    key = secret_key()
    if not key:
        raise StripeNotConfiguredError()
    timeout = float(getattr(settings, "STRIPE_TIMEOUT_SECONDS", DEFAULT_TIMEOUT_SECONDS))
    retries = int(getattr(settings, "STRIPE_MAX_NETWORK_RETRIES", DEFAULT_MAX_NETWORK_RETRIES))
    api_host = str(getattr(settings, "STRIPE_API_HOST", "") or "")
    return stripe.StripeClient(
        key,
        base_addresses={"api": api_host} if api_host else None,
        max_network_retries=retries,
        http_client=stripe.RequestsClient(
            timeout=(min(DEFAULT_CONNECT_TIMEOUT_SECONDS, timeout), timeout)
        ),
    )


def _call(what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except (stripe.APIConnectionError, stripe.RateLimitError) as exc:
        logger.warning("stripe %s: transient failure: %s", what, exc)
        raise StripeTransientError() from exc
    except stripe.StripeError as exc:
        status = getattr(exc, "http_status", None) or 0
        if status >= 500:
            logger.warning("stripe %s: Stripe answered %s: %s", what, status, exc)
            raise StripeTransientError() from exc
        logger.error("stripe %s: refused (%s): %s", what, status, exc)
        message = getattr(exc, "user_message", None) or "Stripe refused the request."
        raise StripePermanentError(str(message)) from exc


def _options(idempotency_key: str | None) -> stripe.RequestOptions:
    return {"idempotency_key": idempotency_key} if idempotency_key else {}


def customer_create(
    *, name: str, email: str, metadata: dict[str, str], idempotency_key: str
) -> str:
    """Create the Stripe customer for an organization; returns its id."""
    params: dict[str, Any] = {"name": name, "metadata": metadata}
    if email:
        params["email"] = email
    customer = _call(
        "customer_create",
        _client().v1.customers.create,
        params=cast(Any, params),
        options=_options(idempotency_key),
    )
    return str(customer["id"])


def checkout_session_create(*, params: dict[str, Any], idempotency_key: str) -> HostedSession:
    """https://docs.stripe.com/api/checkout/sessions/create"""
    session = _call(
        "checkout_session_create",
        _client().v1.checkout.sessions.create,
        params=cast(Any, params),
        options=_options(idempotency_key),
    )
    return HostedSession(id=str(session["id"]), url=str(session["url"]))


def portal_session_create(*, customer_id: str, return_url: str) -> HostedSession:
    """https://docs.stripe.com/api/customer_portal/sessions/create"""
    session = _call(
        "portal_session_create",
        _client().v1.billing_portal.sessions.create,
        params={"customer": customer_id, "return_url": return_url},
    )
    return HostedSession(id=str(session["id"]), url=str(session["url"]))


def invoice_list(*, customer_id: str, limit: int = 24) -> list[dict[str, Any]]:
    """The customer's latest invoices as plain dicts (Stripe's JSON), newest first."""
    page = _call(
        "invoice_list",
        _client().v1.invoices.list,
        params={"customer": customer_id, "limit": limit},
    )
    return [_plain(invoice) for invoice in page["data"]]


def _plain(obj: Any) -> dict[str, Any]:
    """A StripeObject as the JSON Stripe sent, made of dicts and lists only."""
    return cast(dict[str, Any], obj.to_dict(recursive=True, for_json=True))


def webhook_event_verify(*, payload: bytes, signature: str) -> dict[str, Any]:
    """Check Stripe's signature and timestamp, then return the event as a plain dict.

    https://docs.stripe.com/webhooks#verify-official-libraries. No network call.
    """
    secret = webhook_secret()
    if not secret:
        raise StripeNotConfiguredError(
            "Stripe webhooks are not configured on this Herald server (no signing secret)."
        )
    try:
        stripe.Webhook.construct_event(
            payload, signature, secret, tolerance=WEBHOOK_TOLERANCE_SECONDS
        )
    except stripe.SignatureVerificationError as exc:
        raise WebhookSignatureError() from exc
    except ValueError as exc:
        raise WebhookSignatureError("The event is not valid JSON.", code="invalid_payload") from exc
    event = json.loads(payload)
    if not isinstance(event, dict) or "id" not in event or "type" not in event:
        raise WebhookSignatureError("The payload is not a Stripe event.", code="invalid_payload")
    return cast(dict[str, Any], event)
