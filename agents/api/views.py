"""`/api/v1/orgs/<org_slug>/agents/...` and `.../executions/...`: the catalog and its runs.

Viewers and up read; members and up run agents. A run answers 202 at once with the PENDING
execution; poll the execution until `status` is `succeeded` or `failed`.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from agents import selectors, services
from agents.api.serializers import (
    AgentDetailOutput,
    AgentExecutionOutput,
    AgentExecutionPageOutput,
    AgentPageOutput,
    AgentRunInput,
    AgentSummaryOutput,
)
from agents.models import AgentCategory, AgentExecution
from config.api.inputs import validated
from config.api.pagination import CreatedCursorPagination, PagePagination
from organizations.api.base import OrgApi
from organizations.models import Role

TAGS = ["agents"]
AGENT_SLUG = OpenApiParameter(
    "agent_slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The agent's slug."
)
EXECUTION_ID = OpenApiParameter(
    "execution_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The execution's id."
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Repeat a run with the same key to get the same execution back: no second run, "
    "no second charge. A key reused for a different request answers 409.",
)
RUN_DESCRIPTION = """
Queues a run and answers **202** with the execution (status `pending`). Poll
`GET .../executions/<id>/` until `status` is `succeeded` (read `output`) or `failed` (read
`error`). The input is checked against the agent's `input_schema` first (400 naming the field).
A run the organization cannot pay for answers **402** straight away (`insufficient_credits`, or
`ai_budget_exceeded` past the monthly AI budget); credits are charged once, only when the run
succeeds, and an identical request within an hour is served from the cache at no charge.
Output of Herald's built-in writer has `provider: "offline"` and `provider_label: "offline writer"`.
""".strip()


class AgentCollectionApi(OrgApi):
    required_roles = {"GET": Role.VIEWER}

    @extend_schema(
        operation_id="agents_list",
        tags=TAGS,
        summary="The agent catalog",
        parameters=[
            OpenApiParameter(
                "category",
                OpenApiTypes.STR,
                enum=list(AgentCategory.values),
                description="Only this category.",
            ),
            OpenApiParameter("page", OpenApiTypes.INT, description="Page number."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 200."),
        ],
        responses={200: AgentPageOutput},
    )
    def get(self, request: Request, org_slug: str) -> Response:
        category = request.query_params.get("category") or None
        paginator = PagePagination()
        page = paginator.paginate_queryset(
            selectors.agent_list(category=category), request, view=self
        )
        context = {"costs": selectors.credit_costs()}
        return paginator.get_paginated_response(
            AgentSummaryOutput(page, many=True, context=context).data
        )


@extend_schema(parameters=[AGENT_SLUG])
class AgentDetailApi(OrgApi):
    required_roles = {"GET": Role.VIEWER}

    @extend_schema(
        operation_id="agent_retrieve",
        tags=TAGS,
        summary="One agent, with its input and output schemas",
        responses={200: AgentDetailOutput},
    )
    def get(self, request: Request, org_slug: str, agent_slug: str) -> Response:
        agent = selectors.agent_get(slug=agent_slug)
        return Response(AgentDetailOutput(agent, context={"costs": selectors.credit_costs()}).data)


@extend_schema(parameters=[AGENT_SLUG])
class AgentRunApi(OrgApi):
    required_roles = {"POST": Role.MEMBER}

    @extend_schema(
        operation_id="agent_run",
        tags=TAGS,
        summary="Run an agent",
        description=RUN_DESCRIPTION,
        parameters=[IDEMPOTENCY_KEY],
        request=AgentRunInput,
        responses={202: AgentExecutionOutput},
    )
    def post(self, request: Request, org_slug: str, agent_slug: str) -> Response:
        selectors.agent_get(slug=agent_slug)  # an unknown agent is a 404 before any 400
        data = validated(AgentRunInput, request.data)
        execution = services.agent_run(
            org=self.org,
            actor=self.actor,
            agent_slug=agent_slug,
            input=data["input"],
            trigger=AgentExecution.Trigger.API,
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return Response(AgentExecutionOutput(execution).data, status=202)


class AgentExecutionCollectionApi(OrgApi):
    required_roles = {"GET": Role.VIEWER}

    @extend_schema(
        operation_id="agent_executions_list",
        tags=TAGS,
        summary="Agent runs, newest first",
        parameters=[
            OpenApiParameter(
                "agent", OpenApiTypes.STR, description="Only runs of this agent (slug)."
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=list(AgentExecution.Status.values),
                description="Only runs in this state.",
            ),
            OpenApiParameter(
                "trigger",
                OpenApiTypes.STR,
                enum=list(AgentExecution.Trigger.values),
                description="Only runs started this way.",
            ),
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next`/`previous`."),
            OpenApiParameter("page_size", OpenApiTypes.INT, description="Up to 200."),
        ],
        responses={200: AgentExecutionPageOutput},
    )
    def get(self, request: Request, org_slug: str) -> Response:
        executions = selectors.execution_list(
            org=self.org,
            agent_slug=request.query_params.get("agent") or None,
            status=request.query_params.get("status") or None,
            trigger=request.query_params.get("trigger") or None,
        )
        paginator = CreatedCursorPagination()
        page = paginator.paginate_queryset(executions, request, view=self)
        return paginator.get_paginated_response(AgentExecutionOutput(page, many=True).data)


@extend_schema(parameters=[EXECUTION_ID])
class AgentExecutionDetailApi(OrgApi):
    required_roles = {"GET": Role.VIEWER}

    @extend_schema(
        operation_id="agent_execution_retrieve",
        tags=TAGS,
        summary="One run: its status, output, cost and duration",
        responses={200: AgentExecutionOutput},
    )
    def get(self, request: Request, org_slug: str, execution_id: int) -> Response:
        execution = selectors.execution_get(org=self.org, execution_id=execution_id)
        return Response(AgentExecutionOutput(execution).data)
