"""Plan limits on organizations, without organizations depending on billing.

Billing sits above organizations in Herald's layers, so it registers its check here when the
app loads (dependency inversion); organizations calls whatever is registered.
"""

from __future__ import annotations

from collections.abc import Callable

from organizations.models import Organization

SeatCheck = Callable[..., None]  # (*, org, current, adding) -> None; raises to refuse
_seat_checks: list[SeatCheck] = []


def register_seat_check(check: SeatCheck) -> None:
    if check not in _seat_checks:
        _seat_checks.append(check)


def seats_check(*, org: Organization, current: int, adding: int = 1) -> None:
    """Refuse (with the check's domain error) when `adding` seats would pass the plan's limit."""
    for check in _seat_checks:
        check(org=org, current=current, adding=adding)
