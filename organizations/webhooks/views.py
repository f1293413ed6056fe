"""Web pages under /app/<org_slug>/settings/webhooks/ (admins and owners only)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from config.errors import DomainError, NotFoundError
from organizations.models import Organization, Role, WebhookDelivery, WebhookEndpoint
from organizations.web import current_access, org_view
from organizations.webhooks import selectors, services
from organizations.webhooks.events import EVENT_TYPES
from organizations.webhooks.forms import WebhookEndpointForm

ADMIN_ONLY: dict[str, Role] = {"get": Role.ADMIN, "post": Role.ADMIN}
DELIVERY_PAGE_SIZE = 25
POLL_HORIZON = timedelta(seconds=30)
_REVEAL_ONCE = "webhooks_reveal_secret_of"


def _endpoint(org: Organization, endpoint_id: int) -> WebhookEndpoint:
    try:
        return selectors.webhook_endpoint_get(org=org, endpoint_id=endpoint_id)
    except NotFoundError:
        raise Http404("No such webhook endpoint.") from None


def _detail_url(org: Organization, endpoint: WebhookEndpoint) -> str:
    return reverse("webhook-detail", kwargs={"org_slug": org.slug, "endpoint_id": endpoint.pk})


def _actor(request: HttpRequest) -> Any:
    return request.user if request.user.is_authenticated else None


def _deliveries_context(
    request: HttpRequest, org: Organization, endpoint: WebhookEndpoint
) -> dict[str, Any]:
    status = request.GET.get("status") or None
    deliveries = selectors.webhook_delivery_list(org=org, endpoint=endpoint, status=status)
    before = request.GET.get("before", "")
    if before.isdigit():
        deliveries = deliveries.filter(pk__lt=int(before))
    page = list(deliveries.prefetch_related("attempt_log")[: DELIVERY_PAGE_SIZE + 1])
    shown = page[:DELIVERY_PAGE_SIZE]
    on_the_way = (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.DELIVERING)
    return {
        "deliveries": shown,
        "older": shown[-1].pk if len(page) > DELIVERY_PAGE_SIZE else None,
        "status_filter": status or "",
        "status_choices": [("", "All"), *WebhookDelivery.Status.choices],
        # Poll only while something is due soon (a retry hours away need not be watched).
        "has_active": any(
            d.status in on_the_way and d.next_attempt_at <= timezone.now() + POLL_HORIZON
            for d in shown
        ),
    }


def _render_detail(
    request: HttpRequest,
    endpoint: WebhookEndpoint,
    *,
    form: WebhookEndpointForm | None = None,
    secret: str | None = None,
    status: int = 200,
) -> HttpResponse:
    org = current_access(request).org
    if form is None:
        form = WebhookEndpointForm(
            initial={
                "url": endpoint.url,
                "description": endpoint.description,
                "events": endpoint.events,
            }
        )
    context = {
        "org": org,
        "endpoint": endpoint,
        "form": form,
        "secret": secret,
        "event_types": EVENT_TYPES,
        **_deliveries_context(request, org, endpoint),
    }
    return render(request, "organizations/webhooks/detail.html", context, status=status)


@org_view(**ADMIN_ONLY)
def webhook_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = current_access(request).org
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.webhook_endpoint_create(
                org=org, actor=_actor(request), **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            request.session[_REVEAL_ONCE] = endpoint.pk
            messages.success(request, "Endpoint added. Copy its signing secret now.")
            return redirect(_detail_url(org, endpoint))
    context = {
        "org": org,
        "endpoints": selectors.webhook_endpoint_list(org=org),
        "form": form,
        "event_types": EVENT_TYPES,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "organizations/webhooks/list.html", context, status=status)


@org_view(**ADMIN_ONLY)
def webhook_detail(request: HttpRequest, org_slug: str, endpoint_id: int) -> HttpResponse:
    org = current_access(request).org
    endpoint = _endpoint(org, endpoint_id)
    if request.method == "POST":
        form = WebhookEndpointForm(request.POST)
        if form.is_valid():
            try:
                services.webhook_endpoint_update(
                    org=org, actor=_actor(request), endpoint=endpoint, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Endpoint saved.")
                return redirect(_detail_url(org, endpoint))
        return _render_detail(request, endpoint, form=form, status=400)
    secret = None
    if request.session.get(_REVEAL_ONCE) == endpoint.pk:
        del request.session[_REVEAL_ONCE]
        secret = str(endpoint.secret)
    return _render_detail(request, endpoint, secret=secret)


@org_view(**ADMIN_ONLY)
def webhook_reveal_secret(request: HttpRequest, org_slug: str, endpoint_id: int) -> HttpResponse:
    org = current_access(request).org
    endpoint = _endpoint(org, endpoint_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    secret = services.webhook_endpoint_reveal_secret(
        org=org, actor=_actor(request), endpoint=endpoint
    )
    if getattr(request, "htmx", False):
        return render(
            request,
            "organizations/webhooks/_secret.html",
            {"org": org, "endpoint": endpoint, "secret": secret},
        )
    return _render_detail(request, endpoint, secret=secret)


@org_view(**ADMIN_ONLY)
def webhook_rotate_secret(request: HttpRequest, org_slug: str, endpoint_id: int) -> HttpResponse:
    org = current_access(request).org
    endpoint = _endpoint(org, endpoint_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.webhook_endpoint_rotate_secret(org=org, actor=_actor(request), endpoint=endpoint)
    request.session[_REVEAL_ONCE] = endpoint.pk
    messages.success(
        request, "Signing secret replaced. Update your receiver: the old secret no longer works."
    )
    return redirect(_detail_url(org, endpoint))


@org_view(**ADMIN_ONLY)
def webhook_set_active(request: HttpRequest, org_slug: str, endpoint_id: int) -> HttpResponse:
    org = current_access(request).org
    endpoint = _endpoint(org, endpoint_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    active = request.POST.get("active") == "1"
    services.webhook_endpoint_set_active(
        org=org, actor=_actor(request), endpoint=endpoint, active=active
    )
    messages.success(request, "Endpoint enabled." if active else "Endpoint disabled.")
    return redirect(_detail_url(org, endpoint))


@org_view(**ADMIN_ONLY)
def webhook_delete(request: HttpRequest, org_slug: str, endpoint_id: int) -> HttpResponse:
    org = current_access(request).org
    endpoint = _endpoint(org, endpoint_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.webhook_endpoint_delete(org=org, actor=_actor(request), endpoint=endpoint)
    messages.success(request, f"Endpoint {endpoint.url} deleted.")
    return redirect("webhooks", org_slug=org.slug)


@org_view(**ADMIN_ONLY)
def webhook_ping(request: HttpRequest, org_slug: str, endpoint_id: int) -> HttpResponse:
    org = current_access(request).org
    endpoint = _endpoint(org, endpoint_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.webhook_ping(org=org, actor=_actor(request), endpoint=endpoint)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Test event queued. It appears in the delivery log below.")
    if getattr(request, "htmx", False):
        return _deliveries_partial(request, org, endpoint)
    return redirect(_detail_url(org, endpoint))


def _deliveries_partial(
    request: HttpRequest, org: Organization, endpoint: WebhookEndpoint
) -> HttpResponse:
    context = {"org": org, "endpoint": endpoint, **_deliveries_context(request, org, endpoint)}
    return render(request, "organizations/webhooks/_deliveries.html", context)


@org_view(**ADMIN_ONLY)
def webhook_deliveries(request: HttpRequest, org_slug: str, endpoint_id: int) -> HttpResponse:
    """The delivery log table alone, for htmx refreshes."""
    org = current_access(request).org
    endpoint = _endpoint(org, endpoint_id)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _deliveries_partial(request, org, endpoint)


@org_view(**ADMIN_ONLY)
def webhook_delivery_retry(
    request: HttpRequest, org_slug: str, endpoint_id: int, delivery_id: int
) -> HttpResponse:
    org = current_access(request).org
    endpoint = _endpoint(org, endpoint_id)
    try:
        delivery = selectors.webhook_delivery_get(
            org=org, endpoint=endpoint, delivery_id=delivery_id
        )
    except NotFoundError:
        raise Http404("No such delivery.") from None
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.webhook_delivery_retry(org=org, actor=_actor(request), delivery=delivery)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Delivery queued again.")
    if getattr(request, "htmx", False):
        return _deliveries_partial(request, org, endpoint)
    return redirect(_detail_url(org, endpoint))
