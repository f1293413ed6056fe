"""Herald's beat entries, declared in code and written into the DatabaseScheduler.

`manage.py setup_periodic_tasks` (run on every release) creates or updates these rows so
staff can see and pause them in admin. Later capabilities add their entries here.
"""

from __future__ import annotations

from dataclasses import dataclass

ENTRY_PREFIX = "herald: "


@dataclass(frozen=True)
class BeatEntry:
    name: str
    task: str
    every_seconds: int
    queue: str = "default"
    description: str = ""

    @property
    def row_name(self) -> str:
        return f"{ENTRY_PREFIX}{self.name}"


BEAT_ENTRIES: tuple[BeatEntry, ...] = (
    BeatEntry(
        name="queue canaries",
        task="herald.send_canaries",
        every_seconds=60,
        description="Send a canary through every queue; /health/ reports the round trips.",
    ),
    BeatEntry(
        name="webhook deliveries",
        task="organizations.deliver_webhooks",
        every_seconds=60,
        description="Send due webhook deliveries and retries; pick up interrupted attempts.",
    ),
    BeatEntry(
        name="webhook log cleanup",
        task="organizations.prune_webhook_deliveries",
        every_seconds=86400,
        description="Delete finished webhook deliveries older than 30 days.",
    ),
    BeatEntry(
        name="requeue stale agent runs",
        task="agents.requeue_stale_runs",
        every_seconds=300,
        queue="llm",
        description="Re-enqueue agent runs whose task message was lost.",
    ),
    BeatEntry(
        name="monthly credits",
        task="billing.grant_monthly_credits",
        every_seconds=3600,
        description="Grant each month's plan credits to organizations not billed by Stripe.",
    ),
)
