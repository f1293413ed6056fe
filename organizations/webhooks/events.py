"""The catalog of events Herald delivers to webhook endpoints.

Other apps announce these through `organizations.webhooks.services.webhook_emit`. An endpoint
subscribes to some of them (an empty list means all of them); `ping` is what the "Send test
event" button sends.
"""

from __future__ import annotations

PING = "ping"

EVENT_TYPES: dict[str, str] = {
    "post.published": "A post went live on a social account.",
    "post.failed": "A post could not be published to a social account.",
    "post.unconfirmed": "Publishing timed out and Herald is checking whether the post went live.",
    "account.needs_reconnect": "A connected social account must be reconnected.",
    "generation.completed": "An AI content generation finished.",
    "task.completed": "An autonomous task finished.",
    "insight.created": "The AI CEO found a new insight.",
    "credits.low": "The organization's credit balance is running low.",
    PING: "A test event sent from Herald's webhook settings.",
}

SUBSCRIBABLE_EVENTS: tuple[str, ...] = tuple(EVENT_TYPES)


def event_choices() -> list[tuple[str, str]]:
    return [(name, f"{name}: {description}") for name, description in EVENT_TYPES.items()]
