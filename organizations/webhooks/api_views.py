"""`/api/v1/orgs/<org_slug>/webhooks/...`: endpoints, their secrets and their delivery log.

Admins and owners only, for every method: URLs and secrets of receivers are sensitive.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.pagination import CreatedCursorPagination, PagePagination, paginate
from organizations.api.base import OrgApi
from organizations.models import Role, WebhookDelivery
from organizations.webhooks import selectors, services
from organizations.webhooks.serializers import (
    WebhookDeliveryDetailOutput,
    WebhookDeliveryOutput,
    WebhookDeliveryPageOutput,
    WebhookEndpointCreateInput,
    WebhookEndpointListOutput,
    WebhookEndpointOutput,
    WebhookEndpointPageOutput,
    WebhookEndpointSecretOutput,
    WebhookEndpointUpdateInput,
)

TAGS = ["webhooks"]
ADMIN_ONLY = {"GET": Role.ADMIN, "POST": Role.ADMIN, "PATCH": Role.ADMIN, "DELETE": Role.ADMIN}

WEBHOOKS_DESCRIPTION = """
Herald POSTs each event as JSON to every active endpoint that subscribes to it:

```
{"id": "<event uuid>", "type": "post.published", "created": "<ISO 8601>",
 "organization": "<org slug>", "data": {...}}
```

Headers: `Content-Type: application/json`, `User-Agent: Herald-Webhooks/1.0`,
`Herald-Event: <type>`, `Herald-Delivery: <event uuid>` (the same for every retry: use it
to ignore duplicates) and `Herald-Signature: t=<unix time>,v1=<hex>`, where `v1` is the
HMAC-SHA256, keyed with the endpoint's secret, of `"<t>.<raw request body>"`.

To verify: split the header on `,`, recompute the HMAC over the raw body (before parsing
JSON), compare in constant time, and refuse a `t` more than 5 minutes away from your clock.
Herald ships this check as `organizations.webhooks.signing.webhook_signature_verify(payload,
header, secret, tolerance=300)`, standard library only.

Answer with any 2xx within 10 seconds. Anything else (redirects included: they are not
followed) is retried after 1 min, 5 min, 30 min, 2 h, 6 h, 12 h and 24 h, then the delivery
fails. After 15 failed attempts in a row the endpoint is disabled and admins are notified.
Events: post.published, post.failed, post.unconfirmed, account.needs_reconnect,
generation.completed, task.completed, insight.created, credits.low, and ping (test event).
""".strip()

ENDPOINT_ID = OpenApiParameter(
    "endpoint_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The endpoint's id."
)
DELIVERY_ID = OpenApiParameter(
    "delivery_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The delivery's id."
)


def _validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class WebhookEndpointCollectionApi(OrgApi):
    required_roles = ADMIN_ONLY

    @extend_schema(
        operation_id="webhook_endpoints_list",
        tags=TAGS,
        summary="List webhook endpoints",
        description=WEBHOOKS_DESCRIPTION,
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 200."),
        ],
        responses={200: WebhookEndpointPageOutput},
    )
    def get(self, request: Request, org_slug: str) -> Response:
        return paginate(
            view=self,
            request=request,
            queryset=selectors.webhook_endpoint_list(org=self.org),
            serializer_class=WebhookEndpointListOutput,
            paginator=PagePagination(),
        )

    @extend_schema(
        operation_id="webhook_endpoints_create",
        tags=TAGS,
        summary="Register a webhook endpoint",
        description="The answer carries the signing secret. " + WEBHOOKS_DESCRIPTION,
        request=WebhookEndpointCreateInput,
        responses={201: WebhookEndpointSecretOutput},
    )
    def post(self, request: Request, org_slug: str) -> Response:
        data = _validated(WebhookEndpointCreateInput, request.data)
        endpoint = services.webhook_endpoint_create(org=self.org, actor=self.actor, **data)
        return Response(WebhookEndpointSecretOutput(endpoint).data, status=201)


@extend_schema(parameters=[ENDPOINT_ID])
class WebhookEndpointDetailApi(OrgApi):
    required_roles = ADMIN_ONLY

    @extend_schema(
        operation_id="webhook_endpoint_retrieve",
        tags=TAGS,
        summary="Get a webhook endpoint",
        responses={200: WebhookEndpointOutput},
    )
    def get(self, request: Request, org_slug: str, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        return Response(WebhookEndpointOutput(endpoint).data)

    @extend_schema(
        operation_id="webhook_endpoint_update",
        tags=TAGS,
        summary="Change, enable or disable a webhook endpoint",
        request=WebhookEndpointUpdateInput,
        responses={200: WebhookEndpointOutput},
    )
    def patch(self, request: Request, org_slug: str, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        data = _validated(WebhookEndpointUpdateInput, request.data)
        endpoint = services.webhook_endpoint_update(
            org=self.org, actor=self.actor, endpoint=endpoint, **data
        )
        return Response(WebhookEndpointOutput(endpoint).data)

    @extend_schema(
        operation_id="webhook_endpoint_delete",
        tags=TAGS,
        summary="Delete a webhook endpoint and its delivery log",
        responses={204: None},
    )
    def delete(self, request: Request, org_slug: str, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        services.webhook_endpoint_delete(org=self.org, actor=self.actor, endpoint=endpoint)
        return Response(status=204)


@extend_schema(parameters=[ENDPOINT_ID])
class WebhookEndpointRotateSecretApi(OrgApi):
    required_roles = ADMIN_ONLY

    @extend_schema(
        operation_id="webhook_endpoint_rotate_secret",
        tags=TAGS,
        summary="Replace the signing secret",
        description="The old secret stops working at once; the answer carries the new one.",
        request=None,
        responses={200: WebhookEndpointSecretOutput},
    )
    def post(self, request: Request, org_slug: str, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        endpoint = services.webhook_endpoint_rotate_secret(
            org=self.org, actor=self.actor, endpoint=endpoint
        )
        return Response(WebhookEndpointSecretOutput(endpoint).data)


@extend_schema(parameters=[ENDPOINT_ID])
class WebhookEndpointRevealSecretApi(OrgApi):
    required_roles = ADMIN_ONLY

    @extend_schema(
        operation_id="webhook_endpoint_reveal_secret",
        tags=TAGS,
        summary="Show the signing secret",
        description="Recorded in the audit log.",
        request=None,
        responses={200: WebhookEndpointSecretOutput},
    )
    def post(self, request: Request, org_slug: str, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        services.webhook_endpoint_reveal_secret(org=self.org, actor=self.actor, endpoint=endpoint)
        return Response(WebhookEndpointSecretOutput(endpoint).data)


@extend_schema(parameters=[ENDPOINT_ID])
class WebhookEndpointPingApi(OrgApi):
    required_roles = ADMIN_ONLY

    @extend_schema(
        operation_id="webhook_endpoint_ping",
        tags=TAGS,
        summary="Send a test event",
        description="Queues a `ping` event to this endpoint; follow it in the delivery log.",
        request=None,
        responses={202: WebhookDeliveryOutput},
    )
    def post(self, request: Request, org_slug: str, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        delivery = services.webhook_ping(org=self.org, actor=self.actor, endpoint=endpoint)
        return Response(WebhookDeliveryOutput(delivery).data, status=202)


@extend_schema(parameters=[ENDPOINT_ID])
class WebhookDeliveryCollectionApi(OrgApi):
    required_roles = ADMIN_ONLY

    @extend_schema(
        operation_id="webhook_deliveries_list",
        tags=TAGS,
        summary="An endpoint's delivery log",
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=list(WebhookDelivery.Status.values),
                description="Only deliveries in this state.",
            ),
            OpenApiParameter("event_type", OpenApiTypes.STR, description="Only this event."),
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next`/`previous`."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 200."),
        ],
        responses={200: WebhookDeliveryPageOutput},
    )
    def get(self, request: Request, org_slug: str, endpoint_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        deliveries = selectors.webhook_delivery_list(
            org=self.org,
            endpoint=endpoint,
            status=request.query_params.get("status") or None,
            event_type=request.query_params.get("event_type") or None,
        )
        return paginate(
            view=self,
            request=request,
            queryset=deliveries,
            serializer_class=WebhookDeliveryOutput,
            paginator=CreatedCursorPagination(),
        )


@extend_schema(parameters=[ENDPOINT_ID, DELIVERY_ID])
class WebhookDeliveryDetailApi(OrgApi):
    required_roles = ADMIN_ONLY

    @extend_schema(
        operation_id="webhook_delivery_retrieve",
        tags=TAGS,
        summary="One delivery with its payload and attempts",
        responses={200: WebhookDeliveryDetailOutput},
    )
    def get(self, request: Request, org_slug: str, endpoint_id: int, delivery_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        delivery = selectors.webhook_delivery_get(
            org=self.org, endpoint=endpoint, delivery_id=delivery_id
        )
        return Response(WebhookDeliveryDetailOutput(delivery).data)


@extend_schema(parameters=[ENDPOINT_ID, DELIVERY_ID])
class WebhookDeliveryRetryApi(OrgApi):
    required_roles = ADMIN_ONLY

    @extend_schema(
        operation_id="webhook_delivery_retry",
        tags=TAGS,
        summary="Retry a failed delivery",
        description="Queues the delivery again with a fresh retry schedule (409 unless failed).",
        request=None,
        responses={202: WebhookDeliveryOutput},
    )
    def post(self, request: Request, org_slug: str, endpoint_id: int, delivery_id: int) -> Response:
        endpoint = selectors.webhook_endpoint_get(org=self.org, endpoint_id=endpoint_id)
        delivery = selectors.webhook_delivery_get(
            org=self.org, endpoint=endpoint, delivery_id=delivery_id
        )
        delivery = services.webhook_delivery_retry(
            org=self.org, actor=self.actor, delivery=delivery
        )
        return Response(WebhookDeliveryOutput(delivery).data, status=202)
