"""Mounted at /billing/: the endpoint Stripe posts events to."""

from django.urls import URLPattern, URLResolver, path

from billing import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe-webhook"),
]
