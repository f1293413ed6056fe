"""A loopback Stripe: the real `stripe` SDK talks to it over a socket, as it would to Stripe.

It speaks Stripe's wire format for the endpoints Herald calls (form-encoded POST bodies with
bracketed keys, JSON answers, `Idempotency-Key` replays, Stripe-shaped errors), records
every request so tests can assert their shape, and serves the hosted pages a person would
be redirected to (`/pay/<session>` and `/portal/<session>` send the browser straight back).

It also builds signed webhook events the way Stripe does
(https://docs.stripe.com/webhooks#verify-manually): `t=<unix time>,v1=<hex HMAC-SHA256 of
"<t>.<raw body>" keyed with the endpoint secret>`, in the current API's object shapes.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

API_VERSION = "2026-08-26.dahlia"
TEST_SECRET_KEY = "sk_test_" + "H" * 30
WEBHOOK_SECRET = "whsec_test_herald_billing_secret"

_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{next(_ids):06d}"


def unflatten(params: dict[str, str]) -> dict[str, Any]:
    """`line_items[0][price_data][unit_amount]=7500` -> nested dicts (list indexes as keys)."""
    root: dict[str, Any] = {}
    for key, value in params.items():
        parts = re.findall(r"[^\[\]]+", key)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return root


@dataclass
class StubRequest:
    method: str
    path: str
    query: dict[str, str]
    params: dict[str, str]
    headers: dict[str, str]

    @property
    def body(self) -> dict[str, Any]:
        return unflatten(self.params)


@dataclass
class StripeStub:
    url: str = ""
    requests: list[StubRequest] = field(default_factory=list)
    customers: dict[str, dict[str, Any]] = field(default_factory=dict)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    portal_sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    replays: dict[tuple[str, str], tuple[int, dict[str, Any]]] = field(default_factory=dict)
    fail_with: int | None = None
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> StripeStub:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                stub._handle(self, "GET")

            def do_POST(self) -> None:
                stub._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def calls(self, method: str, path: str) -> list[StubRequest]:
        return [r for r in self.requests if r.method == method and r.path == path]

    # --- HTTP -----------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length).decode() if length else ""
        request = StubRequest(
            method=method,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            params=dict(parse_qsl(raw, keep_blank_values=True)),
            headers={k.lower(): v for k, v in handler.headers.items()},
        )
        with self._lock:
            self.requests.append(request)
            status, body, location = self._route(request)
        if location:
            handler.send_response(303)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        payload = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Request-Id", new_id("req"))
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)

    def _route(self, r: StubRequest) -> tuple[int, dict[str, Any], str]:
        # Hosted pages: where Herald redirects the browser.
        if r.method == "GET" and r.path.startswith("/pay/"):
            session = self.sessions[r.path.rsplit("/", 1)[1]]
            return 303, {}, session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])
        if r.method == "GET" and r.path.startswith("/portal/"):
            return 303, {}, self.portal_sessions[r.path.rsplit("/", 1)[1]]["return_url"]

        if not r.headers.get("authorization", "").startswith("Bearer sk_test_"):
            return 401, _error("invalid_request_error", "Invalid API Key provided."), ""
        if self.fail_with is not None:
            return self.fail_with, _error("api_error", "Stripe is having a bad day."), ""
        key = r.headers.get("idempotency-key", "")
        if r.method == "POST" and key and (r.path, key) in self.replays:
            status, body = self.replays[(r.path, key)]
            return status, body, ""
        status, body = self._api(r)
        if r.method == "POST" and key:
            self.replays[(r.path, key)] = (status, body)
        return status, body, ""

    def _api(self, r: StubRequest) -> tuple[int, dict[str, Any]]:
        body = r.body
        if r.method == "POST" and r.path == "/v1/customers":
            customer = {
                "id": new_id("cus"),
                "object": "customer",
                "name": body.get("name"),
                "email": body.get("email"),
                "metadata": body.get("metadata", {}),
                "created": int(time.time()),
                "livemode": False,
            }
            self.customers[customer["id"]] = customer
            return 200, customer
        if r.method == "GET" and r.path.startswith("/v1/customers/"):
            found = self.customers.get(r.path.rsplit("/", 1)[1])
            return (
                (200, found)
                if found
                else (404, _error("invalid_request_error", "No such customer"))
            )
        if r.method == "POST" and r.path == "/v1/checkout/sessions":
            if body.get("customer") not in self.customers:
                return 400, _error("invalid_request_error", "No such customer")
            session_id = new_id("cs")
            items = body.get("line_items", {})
            amount = sum(
                int(item.get("price_data", {}).get("unit_amount", 0)) * int(item.get("quantity", 1))
                for item in items.values()
            )
            session = {
                "id": session_id,
                "object": "checkout.session",
                "url": f"{self.url}/pay/{session_id}",
                "mode": body.get("mode"),
                "customer": body.get("customer"),
                "client_reference_id": body.get("client_reference_id"),
                "metadata": body.get("metadata", {}),
                "success_url": body.get("success_url"),
                "cancel_url": body.get("cancel_url"),
                "status": "open",
                "payment_status": "unpaid",
                "amount_total": amount,
                "currency": "usd",
                "livemode": False,
            }
            self.sessions[session_id] = session
            return 200, session
        if r.method == "POST" and r.path == "/v1/billing_portal/sessions":
            if body.get("customer") not in self.customers:
                return 400, _error("invalid_request_error", "No such customer")
            session_id = new_id("bps")
            session = {
                "id": session_id,
                "object": "billing_portal.session",
                "customer": body["customer"],
                "return_url": body.get("return_url"),
                "url": f"{self.url}/portal/{session_id}",
                "livemode": False,
            }
            self.portal_sessions[session_id] = session
            return 200, session
        if r.method == "GET" and r.path == "/v1/invoices":
            data = [i for i in self.invoices if i.get("customer") == r.query.get("customer")]
            limit = int(r.query.get("limit") or 10)
            return 200, {
                "object": "list",
                "url": "/v1/invoices",
                "has_more": len(data) > limit,
                "data": data[:limit],
            }
        if r.method == "GET" and r.path.startswith("/v1/subscriptions/"):
            sub = self.subscriptions.get(r.path.rsplit("/", 1)[1])
            return (
                (200, sub)
                if sub
                else (404, _error("invalid_request_error", "No such subscription"))
            )
        if r.method == "GET" and r.path == "/v1/account":
            return 200, {"id": "acct_test_herald", "object": "account", "country": "US"}
        return 404, _error(
            "invalid_request_error", f"Unrecognized request URL ({r.method}: {r.path})."
        )


def _error(kind: str, message: str) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message}}


# --- Events, in the shapes of Stripe's current API ---------------------------------------------


def signature_header(
    payload: bytes, secret: str = WEBHOOK_SECRET, timestamp: int | None = None
) -> str:
    ts = int(time.time()) if timestamp is None else timestamp
    signed = f"{ts}.{payload.decode()}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={ts},v1={digest}"


def event(
    kind: str, obj: dict[str, Any], created: int, event_id: str | None = None
) -> dict[str, Any]:
    return {
        "id": event_id or new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": created,
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": kind,
    }


def subscription_object(
    *,
    sub_id: str,
    customer: str,
    org_id: int,
    status: str,
    plan: str = "pro",
    interval: str = "month",
    created: int,
    period_start: int,
    period_end: int,
    cancel_at_period_end: bool = False,
    price_id: str = "",
) -> dict[str, Any]:
    metadata = {"org_id": str(org_id), "plan": plan, "interval": interval}
    return {
        "id": sub_id,
        "object": "subscription",
        "customer": customer,
        "status": status,
        "created": created,
        "cancel_at_period_end": cancel_at_period_end,
        "cancel_at": period_end if cancel_at_period_end else None,
        "canceled_at": None,
        "metadata": metadata,
        "items": {
            "object": "list",
            "data": [
                {
                    "id": new_id("si"),
                    "object": "subscription_item",
                    "current_period_start": period_start,
                    "current_period_end": period_end,
                    "price": {
                        "id": price_id or new_id("price"),
                        "object": "price",
                        "recurring": {"interval": interval, "interval_count": 1},
                        "unit_amount": 7500,
                    },
                    "quantity": 1,
                }
            ],
        },
        "livemode": False,
    }


def invoice_object(
    *,
    invoice_id: str,
    customer: str,
    sub_id: str,
    org_id: int,
    status: str,
    amount: int = 7500,
    plan: str = "pro",
    interval: str = "month",
    billing_reason: str = "subscription_create",
    created: int,
    period_start: int,
    period_end: int,
) -> dict[str, Any]:
    return {
        "id": invoice_id,
        "object": "invoice",
        "customer": customer,
        "number": f"HRLD-{invoice_id[-4:]}",
        "status": status,
        "currency": "usd",
        "amount_due": amount,
        "amount_paid": amount if status == "paid" else 0,
        "billing_reason": billing_reason,
        "created": created,
        "hosted_invoice_url": f"https://invoice.stripe.com/i/{invoice_id}",
        "invoice_pdf": f"https://pay.stripe.com/invoice/{invoice_id}/pdf",
        "parent": {
            "type": "subscription_details",
            "quote_details": None,
            "subscription_details": {
                "metadata": {"org_id": str(org_id), "plan": plan, "interval": interval},
                "subscription": sub_id,
            },
        },
        "lines": {
            "object": "list",
            "data": [
                {
                    "id": new_id("il"),
                    "object": "line_item",
                    "amount": amount,
                    "period": {"start": period_start, "end": period_end},
                    "pricing": {
                        "type": "price_details",
                        "price_details": {"price": new_id("price"), "product": new_id("prod")},
                    },
                }
            ],
        },
        "period_start": period_start,
        "period_end": period_end,
        "livemode": False,
    }


def checkout_session_object(
    *,
    session_id: str,
    customer: str,
    org_id: int,
    mode: str,
    metadata: dict[str, str],
    subscription: str | None = None,
    payment_status: str = "paid",
    amount_total: int = 7500,
) -> dict[str, Any]:
    return {
        "id": session_id,
        "object": "checkout.session",
        "mode": mode,
        "customer": customer,
        "client_reference_id": str(org_id),
        "metadata": metadata,
        "subscription": subscription,
        "payment_status": payment_status,
        "status": "complete",
        "amount_total": amount_total,
        "currency": "usd",
        "livemode": False,
    }


LIFECYCLE = (
    "checkout.session.completed",
    "customer.subscription.created",
    "invoice.paid",
    "customer.subscription.updated",
)


def subscription_lifecycle(
    *,
    org_id: int,
    customer: str,
    plan: str = "pro",
    interval: str = "month",
    start: int | None = None,
    step: int = 1,
    session_id: str | None = None,
) -> dict[str, dict[str, Any]]:
    """The events Stripe sends when a Checkout starts a subscription, as Stripe times them.

    The subscription is created incomplete, its first invoice is paid, the Checkout session
    completes and the subscription turns active. `step` seconds apart (0: the same second).
    """
    t0 = int(time.time()) if start is None else start
    sub_id, invoice_id = new_id("sub"), new_id("in")
    session_id = session_id or new_id("cs")
    period_end = t0 + (365 if interval == "year" else 30) * 86400
    common: dict[str, Any] = {
        "sub_id": sub_id,
        "customer": customer,
        "org_id": org_id,
        "plan": plan,
    }
    sub: dict[str, Any] = {
        **common,
        "interval": interval,
        "created": t0,
        "period_start": t0,
        "period_end": period_end,
    }
    metadata = {"org_id": str(org_id), "plan": plan, "interval": interval, "kind": "subscription"}
    return {
        "customer.subscription.created": event(
            "customer.subscription.created", subscription_object(status="incomplete", **sub), t0
        ),
        "invoice.paid": event(
            "invoice.paid",
            invoice_object(
                invoice_id=invoice_id,
                customer=customer,
                sub_id=sub_id,
                org_id=org_id,
                plan=plan,
                interval=interval,
                status="paid",
                created=t0,
                period_start=t0,
                period_end=period_end,
            ),
            t0 + step,
        ),
        "checkout.session.completed": event(
            "checkout.session.completed",
            checkout_session_object(
                session_id=session_id,
                customer=customer,
                org_id=org_id,
                mode="subscription",
                metadata=metadata,
                subscription=sub_id,
            ),
            t0 + 2 * step,
        ),
        "customer.subscription.updated": event(
            "customer.subscription.updated",
            subscription_object(status="active", **sub),
            t0 + 3 * step,
        ),
    }
