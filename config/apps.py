from django.apps import AppConfig


class HeraldConfig(AppConfig):
    """Project-wide plumbing: API base, health, canary tasks and management commands."""

    name = "config"
    label = "herald"
    verbose_name = "Herald"
