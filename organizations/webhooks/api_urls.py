"""Mounted at /api/v1/orgs/<org_slug>/webhooks/."""

from django.urls import URLPattern, URLResolver, path

from organizations.webhooks import api_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.WebhookEndpointCollectionApi.as_view(), name="api-webhook-endpoints"),
    path(
        "<int:endpoint_id>/",
        views.WebhookEndpointDetailApi.as_view(),
        name="api-webhook-endpoint",
    ),
    path(
        "<int:endpoint_id>/rotate-secret/",
        views.WebhookEndpointRotateSecretApi.as_view(),
        name="api-webhook-endpoint-rotate-secret",
    ),
    path(
        "<int:endpoint_id>/reveal-secret/",
        views.WebhookEndpointRevealSecretApi.as_view(),
        name="api-webhook-endpoint-reveal-secret",
    ),
    path(
        "<int:endpoint_id>/ping/",
        views.WebhookEndpointPingApi.as_view(),
        name="api-webhook-endpoint-ping",
    ),
    path(
        "<int:endpoint_id>/deliveries/",
        views.WebhookDeliveryCollectionApi.as_view(),
        name="api-webhook-deliveries",
    ),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/",
        views.WebhookDeliveryDetailApi.as_view(),
        name="api-webhook-delivery",
    ),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/retry/",
        views.WebhookDeliveryRetryApi.as_view(),
        name="api-webhook-delivery-retry",
    ),
]
