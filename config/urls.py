from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from config import views

api_v1: list[URLPattern | URLResolver] = [
    path("", views.ApiRootApi.as_view(), name="api-root"),
    path("auth/", include("accounts.api.urls")),
    path("orgs/<slug:org_slug>/webhooks/", include("organizations.webhooks.api_urls")),
    path("", include("organizations.api.urls")),
    path("", include("billing.api.urls")),
    path("orgs/<slug:org_slug>/", include("agents.api.urls")),
]

urlpatterns = [
    path("", views.landing, name="landing"),
    path("health/", views.health, name="health"),
    path("favicon.ico", RedirectView.as_view(url="/static/herald/img/favicon.svg", permanent=True)),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("app/account/", include("accounts.urls")),
    path("app/<slug:org_slug>/settings/webhooks/", include("organizations.webhooks.urls")),
    path("app/<slug:org_slug>/billing/", include("billing.urls")),
    path("app/<slug:org_slug>/agents/", include("agents.urls")),
    path("billing/", include("billing.webhook_urls")),
    path("", include("organizations.urls")),
    path("app/", views.app_home, name="app-home"),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]

if settings.DEBUG and not settings.AWS_STORAGE_BUCKET_NAME:
    # Uploaded media (avatars, the media library) in development; S3 serves it in production.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
