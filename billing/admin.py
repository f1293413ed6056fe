"""Staff tools for billing: plans and costs are data; balances and plans move through services.

Without Stripe keys this is how organizations change plan and get credits: the actions
below call billing.services with the staff member as the actor, so the change lands in the
ledger and the audit log like any other.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from billing import services
from billing.models import (
    BillingAccount,
    CreditCost,
    CreditTransaction,
    Plan,
    StripeEvent,
    StripeInvoice,
    StripeSubscription,
)

ActionFn = Callable[[admin.ModelAdmin, HttpRequest, QuerySet[Any]], None]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by services or by Stripe: staff look, never edit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "price_month_cents",
        "price_year_cents",
        "monthly_credits",
        "is_public",
        "sort_order",
    )
    list_editable = ("is_public", "sort_order")
    search_fields = ("code", "name")
    fieldsets = (
        (None, {"fields": ("code", "name", "description", "is_public", "sort_order")}),
        (
            "Price (cents)",
            {"fields": ("currency", "price_month_cents", "price_year_cents")},
        ),
        ("Allowance", {"fields": ("monthly_credits", "limits", "features")}),
        (
            "Stripe",
            {
                "description": "Optional: ids of prices created in Stripe. Left empty, "
                "Checkout sends the price above inline.",
                "fields": ("stripe_price_month_id", "stripe_price_year_id"),
            },
        ),
    )


def _staff(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


def _grant_action(amount: int) -> ActionFn:
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        staff = _staff(request)
        for account in queryset.select_related("organization"):
            services.credits_grant(
                org=account.organization,
                amount=amount,
                kind=CreditTransaction.Kind.GRANT,
                reason=f"Granted by Herald staff ({staff.email if staff else 'admin'})",
                actor=staff,
            )
        modeladmin.message_user(
            request,
            f"Granted {amount:,} credits to {queryset.count()} organization(s).",
            messages.SUCCESS,
        )

    action.__name__ = f"grant_{amount}_credits"
    action.short_description = f"Grant {amount:,} credits"  # type: ignore[attr-defined]
    return action


def _plan_action(plan: Plan) -> ActionFn:
    def action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for account in queryset.select_related("organization"):
            services.plan_assign(
                org=account.organization,
                actor=_staff(request),
                plan=plan,
                reason="Assigned by Herald staff in admin",
            )
        modeladmin.message_user(
            request,
            f"Moved {queryset.count()} organization(s) to the {plan.name} plan.",
            messages.SUCCESS,
        )

    action.__name__ = f"change_plan_to_{plan.code}"
    action.short_description = f"Change plan to {plan.name}"  # type: ignore[attr-defined]
    return action


@admin.action(description="Fetch invoices from Stripe")
def sync_invoices(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Any]
) -> None:
    from billing.tasks import sync_invoices as task

    org_ids = list(
        queryset.exclude(stripe_customer_id="").values_list("organization_id", flat=True)
    )
    for org_id in org_ids:
        transaction.on_commit(partial(task.delay, org_id))
    modeladmin.message_user(
        request, f"Fetching invoices for {len(org_ids)} organization(s) in the background."
    )


@admin.register(BillingAccount)
class BillingAccountAdmin(admin.ModelAdmin):
    list_display = (
        "organization",
        "plan",
        "status",
        "interval",
        "credit_balance",
        "current_period_end",
        "cancel_at_period_end",
        "stripe_customer_id",
    )
    list_filter = ("plan", "status", "interval", "cancel_at_period_end")
    search_fields = (
        "organization__name",
        "organization__slug",
        "stripe_customer_id",
        "stripe_subscription_id",
    )
    list_select_related = ("organization", "plan")
    # Plans and balances change only through the actions (services, ledger, audit log).
    readonly_fields = (
        "organization",
        "plan",
        "status",
        "interval",
        "current_period_start",
        "current_period_end",
        "cancel_at_period_end",
        "credit_balance",
        "stripe_customer_id",
        "stripe_subscription_id",
        "staff_assigned_at",
        "created_at",
        "updated_at",
    )
    actions = [_grant_action(100), _grant_action(1000), sync_invoices]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # accounts open themselves the first time an organization needs one

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            return actions
        for plan in Plan.objects.all():
            action = _plan_action(plan)
            actions[action.__name__] = (  # type: ignore[assignment]
                action,
                action.__name__,
                action.short_description,  # type: ignore[attr-defined]
            )
        return actions


@admin.register(CreditTransaction)
class CreditTransactionAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "organization",
        "kind",
        "amount",
        "balance_after",
        "reason",
        "actor",
    )
    list_filter = ("kind", ("organization", admin.RelatedOnlyFieldListFilter))
    search_fields = ("organization__name", "organization__slug", "reason", "idempotency_key")
    list_select_related = ("organization", "actor")
    date_hierarchy = "created_at"


@admin.register(CreditCost)
class CreditCostAdmin(admin.ModelAdmin):
    list_display = ("operation", "credits", "description")
    list_editable = ("credits",)
    search_fields = ("operation",)


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "type", "stripe_id", "organization", "outcome", "livemode")
    list_filter = ("type", "livemode")
    search_fields = ("stripe_id", "type", "organization__slug")
    list_select_related = ("organization",)


@admin.register(StripeSubscription)
class StripeSubscriptionAdmin(ReadOnlyAdmin):
    list_display = (
        "stripe_id",
        "organization",
        "plan",
        "interval",
        "status",
        "ended",
        "current_period_end",
        "cancel_at_period_end",
    )
    list_filter = ("status", "ended")
    search_fields = ("stripe_id", "customer_id", "organization__slug")
    list_select_related = ("organization", "plan")


@admin.register(StripeInvoice)
class StripeInvoiceAdmin(ReadOnlyAdmin):
    list_display = (
        "stripe_id",
        "number",
        "organization",
        "status",
        "amount_due",
        "amount_paid",
        "credits_granted",
        "stripe_created",
    )
    list_filter = ("status", "billing_reason", "credits_granted")
    search_fields = ("stripe_id", "number", "subscription_id", "organization__slug")
    list_select_related = ("organization",)


# dj-stripe's own admin pages list its mirror tables, which Herald does not fill (billing applies
# Stripe's events itself, above), and several of them fail on search. Staff use the pages above.
for _model in list(admin.site._registry):
    if _model._meta.app_label == "djstripe":
        admin.site.unregister(_model)
