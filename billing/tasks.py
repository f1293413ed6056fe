"""Thin billing tasks."""

from __future__ import annotations

from celery import shared_task

from billing import services
from billing.stripe_gateway import StripeTransientError


@shared_task(
    name="billing.grant_monthly_credits",
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def grant_monthly_credits() -> int:
    """Grant this month's credits to every organization not billed through Stripe (once each)."""
    return services.credits_monthly_grant_sweep()


@shared_task(
    name="billing.sync_invoices",
    acks_late=True,
    soft_time_limit=60,
    time_limit=90,
    autoretry_for=(StripeTransientError,),
    retry_backoff=30,
    max_retries=5,
)
def sync_invoices(org_id: int) -> int:
    """Backfill an organization's invoices from Stripe (webhooks keep them current)."""
    from billing.payments import invoices_sync
    from organizations.models import Organization

    org = Organization.objects.filter(pk=org_id).first()
    return 0 if org is None else invoices_sync(org=org)
