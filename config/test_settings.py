"""Test settings: the real PostgreSQL and Redis on 127.0.0.1, isolated Redis databases.

Environment variables still win, so CI can point the suite elsewhere.
"""

import os

os.environ.setdefault("HERALD_ENV", "test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/herald")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/11")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/12")

from config.settings import *  # noqa: F403
from config.settings import REST_FRAMEWORK

HERALD_WEBHOOKS_ALLOW_PRIVATE = True  # receivers in tests listen on 127.0.0.1
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
