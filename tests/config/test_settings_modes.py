"""Settings come from the environment: embedded defaults, real services, strict production."""

import json
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "broker": settings.CELERY_BROKER_URL,
    "email": settings.EMAIL_BACKEND,
    "storage": settings.STORAGES["default"]["BACKEND"],
    "debug": settings.DEBUG,
}))
"""


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def probe(env: dict[str, str]) -> dict:
    result = run(["-c", PROBE], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PRODUCTION = {
    "HERALD_ENV": "production",
    "DJANGO_SECRET_KEY": "p" * 20 + "-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "herald.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/herald",
    "REDIS_URL": "redis://127.0.0.1:6379/11",
    "HERALD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "EMAIL_HOST": "smtp.example.com",
}


def test_no_environment_at_all_runs_on_embedded_defaults():
    found = probe({})

    assert found == {
        "db": "django.db.backends.sqlite3",
        "cache": "django.core.cache.backends.filebased.FileBasedCache",
        "broker": "filesystem://",
        "email": "django.core.mail.backends.console.EmailBackend",
        "storage": "django.core.files.storage.FileSystemStorage",
        "debug": True,
    }


def test_database_and_redis_urls_switch_to_postgresql_and_redis():
    found = probe(
        {"DATABASE_URL": PRODUCTION["DATABASE_URL"], "REDIS_URL": PRODUCTION["REDIS_URL"]}
    )

    assert found["db"] == "django.db.backends.postgresql"
    assert found["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert found["broker"] == PRODUCTION["REDIS_URL"]


def test_s3_bucket_switches_media_to_s3():
    assert (
        probe({"AWS_STORAGE_BUCKET_NAME": "herald-media"})["storage"]
        == "storages.backends.s3.S3Storage"
    )


def test_production_refuses_to_start_without_each_secret():
    for missing in (
        "DJANGO_SECRET_KEY",
        "DATABASE_URL",
        "REDIS_URL",
        "HERALD_ENCRYPTION_KEYS",
        "DJANGO_ALLOWED_HOSTS",
    ):
        env = {k: v for k, v in PRODUCTION.items() if k != missing}

        result = run(["manage.py", "check"], env)

        assert result.returncode != 0, missing
        assert f"{missing} must be set" in result.stderr, result.stderr[-500:]


def test_production_refuses_a_short_secret_key_and_debug():
    short = run(["manage.py", "check"], {**PRODUCTION, "DJANGO_SECRET_KEY": "too-short"})
    debug = run(["manage.py", "check"], {**PRODUCTION, "DJANGO_DEBUG": "true"})

    assert "at least 50 characters" in short.stderr
    assert "DJANGO_DEBUG must be off" in debug.stderr


def test_a_malformed_value_fails_loudly():
    result = run(["manage.py", "check"], {"HERALD_ENV": "staging"})

    assert result.returncode != 0
    assert "HERALD_ENV must be development, test or production" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
