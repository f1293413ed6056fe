"""Herald's default plans, top-up packs and credit costs (DESIGN §7).

They are seeded into the database by a data migration and edited by staff from then on;
`seed_defaults` only fills what is missing, so it never overwrites staff's edits.
"""

from __future__ import annotations

from typing import Any

PLANS = [
    # code, name, $ month, $ year, credits, tasks, posts, emails, agentic engine,
    # then limits on social accounts, members and brands (None: unlimited)
    ("free", "Free", 0, 0, 50, 10, 5, 3, False, 3, 2, 1),
    ("starter", "Starter", 25, 250, 1_000, 50, 25, 10, False, 10, 3, 3),
    ("pro", "Pro", 75, 750, 3_500, 100, 50, 25, True, 25, 10, 10),
    ("business", "Business", 150, 1_500, 8_000, 500, 250, 100, True, 75, 25, 30),
    ("enterprise", "Enterprise", 300, None, 20_000, 1_000, 500, 250, True, None, None, None),
]

COSTS = [
    ("blog", 50, "A long-form blog post"),
    ("carousel", 30, "A multi-slide carousel"),
    ("social_caption", 10, "A social post or caption"),
    ("comment_reply", 5, "A reply to a comment or message"),
    ("image", 20, "An AI image"),
    ("video", 200, "An AI video"),
    ("competitor_analysis", 25, "A competitor analysis"),
    ("strategy", 40, "A strategy or plan"),
]


def seed_defaults(Plan: Any, CreditCost: Any) -> None:
    for order, row in enumerate(PLANS):
        (
            code,
            name,
            month,
            year,
            credits,
            tasks,
            posts,
            emails,
            engine,
            accounts,
            members,
            brands,
        ) = row
        Plan.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "price_month_cents": month * 100,
                "price_year_cents": None if year is None else year * 100,
                "monthly_credits": credits,
                "limits": {
                    "tasks": tasks,
                    "posts": posts,
                    "emails": emails,
                    "social_accounts": accounts,
                    "members": members,
                    "brands": brands,
                },
                "features": {"agentic_engine": engine},
                "sort_order": order,
            },
        )
    for operation, credits, description in COSTS:
        CreditCost.objects.get_or_create(
            operation=operation, defaults={"credits": credits, "description": description}
        )


# Credit packs for sale: (price in cents, credits).
TOPUP_PACKS = ((1_000, 500), (1_800, 1_000), (4_000, 2_500), (7_500, 5_000))
