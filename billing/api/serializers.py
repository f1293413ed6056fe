"""Billing API shapes. Plain serializers, named uniquely across Herald."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from billing.models import BillingAccount, CreditTransaction


class BillingPlanOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    currency = serializers.CharField()
    price_month_cents = serializers.IntegerField()
    price_year_cents = serializers.IntegerField(
        allow_null=True, help_text="Null when the plan is billed monthly only."
    )
    monthly_credits = serializers.IntegerField()
    limits = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Per resource (tasks, posts, emails a month; social_accounts, members, "
        "brands at once); null means unlimited.",
    )
    features = serializers.DictField(child=serializers.BooleanField())


class BillingUsageOutput(serializers.Serializer):
    resource = serializers.CharField()
    used = serializers.IntegerField()
    limit = serializers.IntegerField(allow_null=True, help_text="Null means unlimited.")
    remaining = serializers.IntegerField(allow_null=True)
    monthly = serializers.BooleanField(
        help_text="True for resources counted per calendar month, false for counts at once."
    )


class BillingTopupPackOutput(serializers.Serializer):
    index = serializers.IntegerField()
    credits = serializers.IntegerField()
    price_cents = serializers.IntegerField(help_text="In US cents.")


class BillingSummaryOutput(serializers.Serializer):
    """Serializes a billing.selectors.BillingOverview."""

    plan = BillingPlanOutput()
    status = serializers.CharField(
        source="account.status",
        help_text="active, trialing, past_due (a payment failed: update the card) or canceled.",
    )
    interval = serializers.ChoiceField(
        source="account.interval", choices=BillingAccount.Interval.choices
    )
    current_period_start = serializers.DateTimeField(
        source="account.current_period_start", allow_null=True
    )
    current_period_end = serializers.DateTimeField(
        source="account.current_period_end", allow_null=True
    )
    cancel_at_period_end = serializers.BooleanField(source="account.cancel_at_period_end")
    credit_balance = serializers.IntegerField(source="account.credit_balance")
    has_subscription = serializers.BooleanField(
        help_text="True when a Stripe subscription pays for the plan."
    )
    payments_enabled = serializers.BooleanField(
        help_text="False when this Herald server takes no online payments (staff assign plans)."
    )
    usage = BillingUsageOutput(many=True)
    topup_packs = BillingTopupPackOutput(many=True)


class BillingLedgerEntryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    amount = serializers.IntegerField(help_text="Positive adds credits, negative spends them.")
    kind = serializers.ChoiceField(choices=CreditTransaction.Kind.choices)
    reason = serializers.CharField()
    metadata = serializers.DictField()
    balance_after = serializers.IntegerField()
    actor = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_actor(self, row: CreditTransaction) -> str | None:
        return row.actor.get_full_name() if row.actor is not None else None


class BillingLedgerPageOutput(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = BillingLedgerEntryOutput(many=True)


class BillingInvoiceOutput(serializers.Serializer):
    id = serializers.CharField(source="stripe_id", help_text="Stripe's invoice id.")
    number = serializers.CharField()
    status = serializers.CharField(help_text="Stripe's status: open, paid, void, uncollectible.")
    currency = serializers.CharField()
    amount_due = serializers.IntegerField(help_text="In cents.")
    amount_paid = serializers.IntegerField(help_text="In cents.")
    hosted_invoice_url = serializers.CharField(help_text="Stripe's page for the invoice.")
    invoice_pdf = serializers.CharField(help_text="The invoice as a PDF.")
    period_start = serializers.DateTimeField(allow_null=True)
    period_end = serializers.DateTimeField(allow_null=True)
    created = serializers.DateTimeField(source="stripe_created", allow_null=True)


class BillingInvoicePageOutput(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = BillingInvoiceOutput(many=True)


class BillingCheckoutInput(serializers.Serializer):
    plan = serializers.CharField(
        required=False, allow_blank=True, help_text="A plan's code, e.g. `pro`."
    )
    interval = serializers.ChoiceField(
        choices=BillingAccount.Interval.choices,
        default=BillingAccount.Interval.MONTH,
        help_text="Billing interval of the plan.",
    )
    topup = serializers.IntegerField(
        required=False,
        min_value=0,
        help_text="A top-up pack, by its credits (500, 1000, ...) or its index (0, 1, ...).",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("plan")) == (attrs.get("topup") is not None):
            raise serializers.ValidationError("Send either `plan` (with `interval`) or `topup`.")
        return attrs


class BillingRedirectOutput(serializers.Serializer):
    url = serializers.URLField(help_text="Send the person here (a Stripe-hosted page).")
