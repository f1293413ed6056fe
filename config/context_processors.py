from typing import Any

from django.conf import settings
from django.http import HttpRequest


def herald(request: HttpRequest) -> dict[str, Any]:
    return {"HERALD_VERSION": settings.HERALD_VERSION, "HERALD_ENV": settings.HERALD_ENV}
