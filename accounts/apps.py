from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        # Audit of allauth's account and two-factor events (allauth announces them as signals).
        from accounts import receivers  # noqa: F401
