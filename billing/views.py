"""The billing page (/app/<org_slug>/billing/) and Stripe's webhook (/billing/stripe/webhook/).

Admins see the plan, usage, credits, ledger and invoices; owners also upgrade, buy credits
and open Stripe's customer portal. Those buttons POST here, Herald creates the Stripe
session and redirects the browser to it; Stripe sends the person back with
`?checkout=success|cancelled` and confirms the payment by webhook.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import payments, selectors, stripe_events
from billing import stripe_gateway as gateway
from billing.models import BillingAccount, Plan
from config.api.errors import error_body
from config.errors import DomainError
from config.middleware import CONTENT_SECURITY_POLICY
from organizations.models import Organization, Role
from organizations.web import current_access, org_view

ADMIN_READS_OWNER_PAYS: dict[str, Role] = {"get": Role.ADMIN, "post": Role.OWNER}
LEDGER_ROWS = 50
INVOICE_ROWS = 24
RESOURCE_LABELS = {
    "tasks": "AI tasks",
    "posts": "Posts",
    "emails": "Emails",
    "social_accounts": "Social accounts",
    "members": "Members",
    "brands": "Brands",
}
# Where billing forms may send the browser: the page's CSP must allow the redirect target
# (Chrome applies `form-action` to the redirect after a form POST).
STRIPE_HOSTED_ORIGINS = ("https://checkout.stripe.com", "https://billing.stripe.com")


def _page_url(request: HttpRequest, org: Organization, outcome: str = "") -> str:
    url = request.build_absolute_uri(reverse("billing", kwargs={"org_slug": org.slug}))
    return f"{url}?checkout={outcome}" if outcome else url


def _back(org: Organization) -> HttpResponse:
    return redirect("billing", org_slug=org.slug)


def _redirect_origins() -> list[str]:
    origins = list(getattr(settings, "STRIPE_REDIRECT_ORIGINS", STRIPE_HOSTED_ORIGINS))
    api_host = str(getattr(settings, "STRIPE_API_HOST", "") or "")
    if api_host:  # a self-hosted Stripe-compatible server serves its own hosted pages
        parts = urlsplit(api_host)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return origins


def _allow_stripe_redirects(response: HttpResponse) -> HttpResponse:
    extra = " ".join(_redirect_origins())
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "form-action 'self'", f"form-action 'self' {extra}"
    )
    return response


def _plan_cards(plans: list[Plan], account: BillingAccount, interval: str) -> list[dict[str, Any]]:
    cards = []
    for plan in plans:
        yearly = interval == BillingAccount.Interval.YEAR and bool(plan.price_year_cents)
        cards.append(
            {
                "plan": plan,
                "price_cents": plan.price_year_cents if yearly else plan.price_month_cents,
                "per": "year" if yearly else "month",
                "interval": BillingAccount.Interval.YEAR
                if yearly
                else BillingAccount.Interval.MONTH,
                "yearly_unavailable": interval == BillingAccount.Interval.YEAR and not yearly,
                "is_current": plan.pk == account.plan_id,
                "is_free": plan.price_month_cents <= 0,
                "is_upgrade": plan.price_month_cents > account.plan.price_month_cents,
            }
        )
    return cards


@org_view(**ADMIN_READS_OWNER_PAYS)
def billing_page(request: HttpRequest, org_slug: str) -> HttpResponse:
    access = current_access(request)
    org = access.org
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    outcome = request.GET.get("checkout")
    if outcome == "success":
        messages.success(
            request,
            "Payment received, thank you. Your plan or credits update as soon as Stripe "
            "confirms the payment, usually within seconds: reload this page to see them.",
        )
        return _back(org)
    if outcome == "cancelled":
        messages.info(request, "Checkout cancelled: nothing was charged.")
        return _back(org)

    interval = (
        BillingAccount.Interval.YEAR
        if request.GET.get("interval") == "year"
        else BillingAccount.Interval.MONTH
    )
    overview = selectors.billing_overview(org=org)
    daily = selectors.credits_used_by_day(org=org, days=30)
    context = {
        "org": org,
        "overview": overview,
        "account": overview.account,
        "can_manage": access.role.at_least(Role.OWNER),
        "interval": interval,
        "plan_cards": _plan_cards(list(selectors.plan_list()), overview.account, interval),
        "usage": [
            {"row": row, "label": RESOURCE_LABELS.get(row.resource, row.resource)}
            for row in overview.usage
        ],
        "ledger": list(selectors.ledger_list(org=org)[:LEDGER_ROWS]),
        "invoices": list(selectors.invoice_list(org=org)[:INVOICE_ROWS]),
        "chart": [
            {"day": d.day.isoformat(), "label": f"{d.day:%b %-d}", "used": d.used} for d in daily
        ],
        "used_30_days": sum(d.used for d in daily),
        "page_token": uuid.uuid4().hex,
    }
    return _allow_stripe_redirects(render(request, "billing/billing.html", context))


@org_view(**ADMIN_READS_OWNER_PAYS)
def billing_checkout(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = current_access(request).org
    if request.method != "POST":
        return _back(org)
    plan_code = request.POST.get("plan", "").strip()
    interval = request.POST.get("interval", BillingAccount.Interval.MONTH)
    raw_topup = request.POST.get("topup", "").strip()
    topup = int(raw_topup) if raw_topup.isdigit() else None
    token = request.POST.get("page_token", "")[:64]
    # One key per button on one rendering of the page: a double click gets the same session.
    key = f"web:{token}:{plan_code or 'topup'}:{interval}:{raw_topup}" if token else ""
    try:
        result = payments.checkout_start(
            org=org,
            actor=request.user,  # type: ignore[arg-type]
            plan_code=plan_code,
            interval=interval,
            topup=topup,
            success_url=_page_url(request, org, "success"),
            cancel_url=_page_url(request, org, "cancelled"),
            idempotency_key=key,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(org)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(org)
    return redirect(result.url)


@org_view(**ADMIN_READS_OWNER_PAYS)
def billing_portal(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = current_access(request).org
    if request.method != "POST":
        return _back(org)
    try:
        url = payments.portal_start(
            org=org,
            actor=request.user,  # type: ignore[arg-type]
            return_url=_page_url(request, org),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(org)
    return redirect(url)


@csrf_exempt  # Stripe signs the body instead (checked below)
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """https://docs.stripe.com/webhooks: verify the signature, apply the event once, answer 2xx."""
    try:
        event = gateway.webhook_event_verify(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except DomainError as exc:
        body = error_body(request, code=exc.code, message=exc.message)
        return JsonResponse(body, status=exc.status_code)
    outcome = stripe_events.stripe_event_process(event=event)
    return JsonResponse(
        {"received": True, "duplicate": outcome.duplicate, "outcome": outcome.event.outcome}
    )
