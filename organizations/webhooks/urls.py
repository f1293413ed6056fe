"""Mounted at /app/<org_slug>/settings/webhooks/."""

from django.urls import URLPattern, URLResolver, path

from organizations.webhooks import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.webhook_list, name="webhooks"),
    path("<int:endpoint_id>/", views.webhook_detail, name="webhook-detail"),
    path("<int:endpoint_id>/secret/", views.webhook_reveal_secret, name="webhook-reveal-secret"),
    path("<int:endpoint_id>/rotate/", views.webhook_rotate_secret, name="webhook-rotate-secret"),
    path("<int:endpoint_id>/active/", views.webhook_set_active, name="webhook-set-active"),
    path("<int:endpoint_id>/delete/", views.webhook_delete, name="webhook-delete"),
    path("<int:endpoint_id>/ping/", views.webhook_ping, name="webhook-ping"),
    path("<int:endpoint_id>/deliveries/", views.webhook_deliveries, name="webhook-deliveries"),
    path(
        "<int:endpoint_id>/deliveries/<int:delivery_id>/retry/",
        views.webhook_delivery_retry,
        name="webhook-delivery-retry",
    ),
]
