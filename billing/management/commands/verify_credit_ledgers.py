from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from billing.models import BillingAccount
from billing.selectors import ledger_drift


class Command(BaseCommand):
    help = "Check that every organization's credit balance equals the sum of its ledger."

    def handle(self, *args: Any, **options: Any) -> None:
        checked = drifted = 0
        for account in BillingAccount.objects.select_related("organization").iterator():
            checked += 1
            drift = ledger_drift(org=account.organization)
            if drift:
                drifted += 1
                self.stdout.write(
                    self.style.ERROR(
                        f"{account.organization.slug}: balance {account.credit_balance} "
                        f"differs from its ledger by {drift:+}"
                    )
                )
        self.stdout.write(f"checked {checked} organization(s), {drifted} with drift")
        if drifted:
            raise CommandError(f"{drifted} organization(s) have a balance that drifted")
