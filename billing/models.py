"""Plans, each organization's billing account, the credits ledger and monthly usage."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from organizations.models import Organization, OrgScopedModel

# Resources counted per calendar month (in the organization's time zone).
MONTHLY_RESOURCES = ("tasks", "posts", "emails")
# Resources limited by how many exist at once.
COUNTED_RESOURCES = ("social_accounts", "members", "brands")


class Plan(models.Model):
    """A plan is data: staff edit prices, credits, limits and features in admin."""

    code = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3, default="usd")
    price_month_cents = models.PositiveIntegerField(default=0)
    price_year_cents = models.PositiveIntegerField(
        null=True, blank=True, help_text="Empty when the plan has no yearly price."
    )
    monthly_credits = models.PositiveIntegerField(default=0)
    limits = models.JSONField(
        default=dict,
        help_text="Per resource: tasks, posts, emails (a month); social_accounts, members, brands.",
    )
    features = models.JSONField(default=dict, help_text='Flags, e.g. {"agentic_engine": true}.')
    stripe_price_month_id = models.CharField(max_length=100, blank=True)
    stripe_price_year_id = models.CharField(max_length=100, blank=True)
    is_public = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "price_month_cents"]

    def __str__(self) -> str:
        return self.name

    def limit(self, resource: str) -> int | None:
        """The plan's limit for a resource; None means unlimited."""
        value = self.limits.get(resource)
        return None if value is None else int(value)

    def has_feature(self, name: str) -> bool:
        return bool(self.features.get(name, False))


class BillingAccount(models.Model):
    """One per organization: its plan, subscription state and credit balance."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        TRIALING = "trialing", "Trialing"
        PAST_DUE = "past_due", "Past due"
        CANCELED = "canceled", "Canceled"

    class Interval(models.TextChoices):
        MONTH = "month", "Monthly"
        YEAR = "year", "Yearly"

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="billing_account"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    interval = models.CharField(max_length=5, choices=Interval.choices, default=Interval.MONTH)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    credit_balance = models.BigIntegerField(default=0)
    stripe_customer_id = models.CharField(max_length=100, blank=True, db_index=True)
    stripe_subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    staff_assigned_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When staff last assigned the plan by hand; older Stripe events do not undo it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(credit_balance__gte=0), name="credit_balance_never_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} on {self.plan}"


class CreditCost(models.Model):
    """What an operation costs in credits, by name (blog 50, caption 10, ...)."""

    operation = models.SlugField(max_length=50, unique=True)
    credits = models.PositiveIntegerField()
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["operation"]

    def __str__(self) -> str:
        return f"{self.operation}: {self.credits}"


class CreditTransaction(OrgScopedModel):
    """The append-only ledger. The balance always equals the sum of `amount`."""

    class Kind(models.TextChoices):
        GRANT = "grant", "Grant"
        MONTHLY_GRANT = "monthly_grant", "Monthly grant"
        TOPUP = "topup", "Top-up"
        CHARGE = "charge", "Charge"
        REFUND = "refund", "Refund"
        ADJUSTMENT = "adjustment", "Adjustment"

    amount = models.BigIntegerField(help_text="Positive adds credits, negative spends them.")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason = models.CharField(max_length=200)
    metadata = models.JSONField(default=dict, blank=True)
    # NULL (not "") when absent, so the per-org unique constraint ignores keyless rows.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    balance_after = models.BigIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_type = models.CharField(max_length=80, blank=True)
    related_id = models.CharField(max_length=64, blank=True)
    refund_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="refunded_by"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="credit_tx_idempotency_key_unique_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(balance_after__gte=0),
                name="credit_tx_balance_after_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["organization", "kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.amount:+} {self.kind} ({self.reason})"


class UsageCounter(OrgScopedModel):
    """How much of a monthly resource an organization used in one calendar month."""

    resource = models.CharField(max_length=30)
    period = models.DateField(help_text="First day of the month, in the organization's zone.")
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "resource", "period"], name="usage_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.period:%Y-%m}: {self.used}"


# --- Stripe -------------------------------------------------------------------------


class StripeEvent(models.Model):
    """Each Stripe event Herald accepted, once: the unique id turns a redelivery into a no-op."""

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    livemode = models.BooleanField(default=False)
    stripe_created = models.DateTimeField(help_text="When Stripe created the event.")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=200, blank=True)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_id}"


class StripeSubscription(OrgScopedModel):
    """What Herald knows of one Stripe subscription, merged from events in any order.

    Each group of fields keeps the Stripe time of the event that last set it (`versions`), so
    an older event arriving late never overwrites a newer one; `ended` never turns back off.
    """

    stripe_id = models.CharField(max_length=100, unique=True)
    customer_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=24, blank=True, help_text="Stripe's status.")
    ended = models.BooleanField(default=False)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    interval = models.CharField(
        max_length=5, choices=BillingAccount.Interval.choices, default=BillingAccount.Interval.MONTH
    )
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    stripe_created = models.DateTimeField(null=True, blank=True)
    first_event_at = models.DateTimeField(null=True, blank=True)
    last_event_at = models.DateTimeField(null=True, blank=True)
    versions = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-stripe_created", "-id"]

    def __str__(self) -> str:
        return f"{self.stripe_id} ({self.status or 'unknown'})"


class StripeInvoice(OrgScopedModel):
    """An invoice as Stripe last described it, with its hosted page and PDF."""

    stripe_id = models.CharField(max_length=100, unique=True)
    number = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, blank=True)
    currency = models.CharField(max_length=3, default="usd")
    amount_due = models.BigIntegerField(default=0, help_text="In cents.")
    amount_paid = models.BigIntegerField(default=0, help_text="In cents.")
    hosted_invoice_url = models.URLField(max_length=1000, blank=True)
    invoice_pdf = models.URLField(max_length=1000, blank=True)
    subscription_id = models.CharField(max_length=100, blank=True, db_index=True)
    billing_reason = models.CharField(max_length=40, blank=True)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    interval = models.CharField(max_length=5, blank=True)
    period_start = models.DateTimeField(null=True, blank=True)
    period_end = models.DateTimeField(null=True, blank=True)
    stripe_created = models.DateTimeField(null=True, blank=True)
    credits_granted = models.BooleanField(default=False)
    versions = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-stripe_created", "-id"]

    def __str__(self) -> str:
        return self.number or self.stripe_id


class IdempotencyRecord(OrgScopedModel):
    """The first answer to a request sent with an `Idempotency-Key`, replayed for repeats."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the request's body.")
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "scope", "key"], name="idempotency_record_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
