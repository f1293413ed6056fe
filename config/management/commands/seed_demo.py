from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_ORG_NAME = "Northwind Coffee"
DEMO_ORG_SLUG = "northwind"
DEMO_USERS = (
    # email, password, name, staff
    ("admin@herald.localhost", "HeraldAdmin1", "Herald Staff", True),
    ("demo@herald.localhost", "HeraldDemo1", "Dana Demo", False),
)


class Command(BaseCommand):
    help = "Create Herald's demo data (a staff superuser and a demo user). Safe to run again."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        for email, password, name, staff in DEMO_USERS:
            user, created = User.objects.get_or_create(email=email, defaults={"name": name})
            user.name = name
            user.is_staff = user.is_superuser = staff
            user.is_active = True
            user.set_password(password)
            user.save()
            self._verify_email(user)
            self.stdout.write(f"{'created' if created else 'reset'}: {email}")
            if not staff:
                self._demo_workspace(user)

        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo data ready. Sign in with:"))
        for email, password, _, staff in DEMO_USERS:
            where = "admin at /admin/" if staff else "the app at /app/"
            self.stdout.write(f"  {email} / {password}  ({where})")

    def _demo_workspace(self, user: Any) -> None:
        """The demo user's team: on the Pro plan with its month of credits, made once."""
        from billing.models import Plan
        from billing.services import credits_monthly_grant, plan_change
        from organizations.models import Membership, Organization
        from organizations.services import org_create

        if Membership.objects.filter(user=user).exists():
            return
        slug = DEMO_ORG_SLUG if not Organization.objects.filter(slug=DEMO_ORG_SLUG).exists() else ""
        org = org_create(actor=user, name=DEMO_ORG_NAME, slug=slug, timezone_name="Europe/London")
        plan_change(org=org, actor=None, plan=Plan.objects.get(code="pro"), reason="demo data")
        credits_monthly_grant(org=org)
        self.stdout.write(f"created: organization {org.name} (/app/{org.slug}/) on the Pro plan")

    def _verify_email(self, user: Any) -> None:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
