"""Agent runs on the `llm` queue (a threads pool: the work waits on the network).

CELERY_TASK_ROUTES sends `agents.*run*` there; `agent_run` also names the queue when it enqueues.
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded


@shared_task(
    name="agents.execute_agent_run",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=300,
    max_retries=5,
)
def execute_agent_run(self: Any, execution_id: int) -> None:
    """Claims the execution first, so a redelivered message has no second effect."""
    from agents.services import RetryLaterError, agent_execute, fail_stuck

    try:
        agent_execute(execution_id=execution_id)
    except RetryLaterError as exc:
        raise self.retry(countdown=exc.countdown) from exc
    except SoftTimeLimitExceeded:
        fail_stuck(execution_id=execution_id, message="The agent took too long and was stopped.")


@shared_task(name="agents.requeue_stale_runs", acks_late=True, soft_time_limit=60, time_limit=90)
def requeue_stale_runs() -> int:
    """Beat, every 5 minutes: re-enqueue runs whose task message was lost."""
    from agents.services import executions_requeue_stale

    return executions_requeue_stale()
