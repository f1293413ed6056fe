"""Mounted at /app/<org_slug>/billing/."""

from django.urls import URLPattern, URLResolver, path

from billing import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.billing_page, name="billing"),
    path("checkout/", views.billing_checkout, name="billing-checkout"),
    path("portal/", views.billing_portal, name="billing-portal"),
]
