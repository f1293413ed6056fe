"""Mounted at /api/v1/: the public plan list and each organization's billing."""

from django.urls import URLPattern, URLResolver, path

from billing.api import views

org = "orgs/<slug:org_slug>/billing/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("plans/", views.PlanListApi.as_view(), name="api-plans"),
    path(org, views.BillingSummaryApi.as_view(), name="api-billing"),
    path(f"{org}ledger/", views.BillingLedgerApi.as_view(), name="api-billing-ledger"),
    path(f"{org}invoices/", views.BillingInvoiceListApi.as_view(), name="api-billing-invoices"),
    path(f"{org}checkout/", views.BillingCheckoutApi.as_view(), name="api-billing-checkout"),
    path(f"{org}portal/", views.BillingPortalApi.as_view(), name="api-billing-portal"),
]
