"""Thin billing tasks."""

from __future__ import annotations

from celery import shared_task

from billing import services


@shared_task(
    name="billing.grant_monthly_credits",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def grant_monthly_credits() -> int:
    """Grant this month's credits to every organization not billed through Stripe (once each)."""
    return services.credits_monthly_grant_sweep()
