"""`/api/v1/plans/` (public) and `/api/v1/orgs/<org_slug>/billing/...`.

Admins read billing; only owners start a Checkout or open the customer portal.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import payments, selectors
from billing.api.serializers import (
    BillingCheckoutInput,
    BillingInvoiceOutput,
    BillingInvoicePageOutput,
    BillingLedgerEntryOutput,
    BillingLedgerPageOutput,
    BillingPlanOutput,
    BillingRedirectOutput,
    BillingSummaryOutput,
)
from billing.models import CreditTransaction
from config.api.pagination import CreatedCursorPagination, PagePagination, paginate
from organizations.api.base import OrgApi
from organizations.models import Organization, Role

TAGS = ["billing"]
ADMIN_READS_OWNER_PAYS = {"GET": Role.ADMIN, "POST": Role.OWNER}

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Repeat a request with the same key to get the first answer back "
    "(no second Checkout session).",
)


def _validated(serializer_class: type[serializers.Serializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def billing_page_url(request: HttpRequest, org: Organization, outcome: str = "") -> str:
    url = request.build_absolute_uri(reverse("billing", kwargs={"org_slug": org.slug}))
    return f"{url}?checkout={outcome}" if outcome else url


class PlanListApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="plans_list",
        tags=TAGS,
        summary="List the public plans",
        description="Prices in cents, monthly credits, limits and feature flags. No sign-in.",
        auth=[],
        responses={200: BillingPlanOutput(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(BillingPlanOutput(selectors.plan_list(), many=True).data)


class BillingSummaryApi(OrgApi):
    required_roles = {"GET": Role.ADMIN}

    @extend_schema(
        operation_id="billing_retrieve",
        tags=TAGS,
        summary="The organization's plan, credits and usage",
        responses={200: BillingSummaryOutput},
    )
    def get(self, request: Request, org_slug: str) -> Response:
        return Response(BillingSummaryOutput(selectors.billing_overview(org=self.org)).data)


class BillingLedgerApi(OrgApi):
    required_roles = {"GET": Role.ADMIN}

    @extend_schema(
        operation_id="billing_ledger_list",
        tags=TAGS,
        summary="The credits ledger, newest first",
        parameters=[
            OpenApiParameter(
                "kind",
                OpenApiTypes.STR,
                enum=CreditTransaction.Kind.values,
                description="Only entries of this kind.",
            ),
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next`/`previous`."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 200."),
        ],
        responses={200: BillingLedgerPageOutput},
    )
    def get(self, request: Request, org_slug: str) -> Response:
        kind = request.query_params.get("kind", "")
        if kind and kind not in CreditTransaction.Kind.values:
            kinds = ", ".join(CreditTransaction.Kind.values)
            raise ValidationError({"kind": f"Use one of: {kinds}."})
        return paginate(
            view=self,
            request=request,
            queryset=selectors.ledger_list(org=self.org, kind=kind),
            serializer_class=BillingLedgerEntryOutput,
            paginator=CreatedCursorPagination(),
        )


class BillingInvoiceListApi(OrgApi):
    required_roles = {"GET": Role.ADMIN}

    @extend_schema(
        operation_id="billing_invoices_list",
        tags=TAGS,
        summary="Invoices, with links to Stripe's page and PDF",
        parameters=[
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 200."),
        ],
        responses={200: BillingInvoicePageOutput},
    )
    def get(self, request: Request, org_slug: str) -> Response:
        return paginate(
            view=self,
            request=request,
            queryset=selectors.invoice_list(org=self.org),
            serializer_class=BillingInvoiceOutput,
            paginator=PagePagination(),
        )


class BillingCheckoutApi(OrgApi):
    required_roles = ADMIN_READS_OWNER_PAYS

    @extend_schema(
        operation_id="billing_checkout_create",
        tags=TAGS,
        summary="Start a Stripe Checkout for a plan or a credit top-up",
        description=(
            'Send `{"plan": "pro", "interval": "month"}` to subscribe, or '
            '`{"topup": 1000}` to buy credits, then send the person to `url`. The plan or '
            "the credits arrive when Stripe confirms the payment. Answers 503 "
            "`billing_not_configured` when this Herald server takes no online payments, and "
            "409 `subscription_exists` when a subscription is already running (use the portal)."
        ),
        parameters=[IDEMPOTENCY_KEY],
        request=BillingCheckoutInput,
        responses={201: BillingRedirectOutput},
    )
    def post(self, request: Request, org_slug: str) -> Response:
        data = _validated(BillingCheckoutInput, request.data)
        result = payments.checkout_start(
            org=self.org,
            actor=self.actor,
            plan_code=data.get("plan") or "",
            interval=data["interval"],
            topup=data.get("topup"),
            success_url=billing_page_url(request, self.org, "success"),
            cancel_url=billing_page_url(request, self.org, "cancelled"),
            idempotency_key=request.headers.get("Idempotency-Key", "").strip()[:255],
        )
        return Response(BillingRedirectOutput({"url": result.url}).data, status=201)


class BillingPortalApi(OrgApi):
    required_roles = ADMIN_READS_OWNER_PAYS

    @extend_schema(
        operation_id="billing_portal_create",
        tags=TAGS,
        summary="Open Stripe's customer portal",
        description="Cards, invoices, plan changes and cancellation, hosted by Stripe.",
        request=None,
        responses={200: BillingRedirectOutput},
    )
    def post(self, request: Request, org_slug: str) -> Response:
        url = payments.portal_start(
            org=self.org, actor=self.actor, return_url=billing_page_url(request, self.org)
        )
        return Response(BillingRedirectOutput({"url": url}).data)
