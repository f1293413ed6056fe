from datetime import UTC, datetime

import pytest

from billing import services
from billing.selectors import quota_remaining, usage_summary
from config.errors import PaymentRequiredError

pytestmark = pytest.mark.django_db


def test_the_last_allowed_use_passes_and_the_next_is_a_402(org):
    for expected_left in (4, 3, 2, 1, 0):
        assert services.quota_consume(org=org, resource="posts") == expected_left

    with pytest.raises(PaymentRequiredError) as exc:
        services.quota_consume(org=org, resource="posts")

    assert exc.value.code == "quota_exceeded"
    assert exc.value.fields == {
        "resource": "posts",
        "limit": 5,
        "used": 5,
        "upgrade_url": "billing",
    }
    assert "Free plan allows 5 posts a month and you have used 5" in exc.value.message
    assert quota_remaining(org=org, resource="posts") == 0


def test_a_bulk_use_over_the_limit_is_refused_whole(org):
    services.quota_consume(org=org, resource="posts", amount=3)

    with pytest.raises(PaymentRequiredError):
        services.quota_consume(org=org, resource="posts", amount=3)

    assert quota_remaining(org=org, resource="posts") == 2


def test_months_are_counted_in_the_orgs_time_zone(org):
    org.timezone = "America/New_York"
    org.save()
    # 2030-02-01 03:00 UTC is still January 31st in New York.
    late_january = datetime(2030, 2, 1, 3, 0, tzinfo=UTC)
    early_february = datetime(2030, 2, 1, 6, 0, tzinfo=UTC)

    services.quota_consume(org=org, resource="emails", amount=3, at=late_january)
    with pytest.raises(PaymentRequiredError):
        services.quota_consume(org=org, resource="emails", at=late_january)

    assert services.quota_consume(org=org, resource="emails", at=early_february) == 2


def test_unlimited_resources_and_plan_changes(org):
    from billing.models import Plan

    services.plan_change(org=org, actor=None, plan=Plan.objects.get(code="enterprise"))
    services.limit_check(org=org, resource="members", current=10_000)

    services.plan_change(org=org, actor=None, plan=Plan.objects.get(code="free"))
    with pytest.raises(PaymentRequiredError) as exc:
        services.limit_check(org=org, resource="members", current=2)
    assert exc.value.code == "plan_limit_reached"


def test_usage_summary_lists_each_limit(org):
    services.quota_consume(org=org, resource="tasks", amount=4)

    rows = {u.resource: (u.used, u.limit) for u in usage_summary(org=org, counts={"members": 1})}

    assert rows == {"tasks": (4, 10), "posts": (0, 5), "emails": (0, 3), "members": (1, 2)}
