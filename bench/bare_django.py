"""The baseline: Django with nothing on top, one JSON view, served by gunicorn.

No middleware, no apps, no database, no cache. It answers with a payload of the same
shape and size as Herald's API root, so the only difference the benchmark measures is
Herald's stack (middleware, DRF, JWT auth against PostgreSQL, throttling in Redis).

Served as `gunicorn bare_django:application` with `bench/` on the Python path.
"""

from __future__ import annotations

import os

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY=os.environ.get("BENCH_BARE_SECRET_KEY", "bench-bare-django-" + "x" * 40),
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
    USE_I18N=False,
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402


def root(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        {
            "name": "Herald API",
            "version": "0.1.0",
            "schema": request.build_absolute_uri("/api/schema/"),
            "docs": request.build_absolute_uri("/api/docs/"),
            "redoc": request.build_absolute_uri("/api/redoc/"),
        }
    )


urlpatterns = [path("", root), path("api/v1/", root)]

application = get_wsgi_application()
