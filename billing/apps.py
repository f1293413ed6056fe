from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "billing"

    def ready(self) -> None:
        from billing.services import seats_limit_check
        from organizations.limits import register_seat_check

        register_seat_check(seats_limit_check)
