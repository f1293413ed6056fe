"""Web pages under /app/<org_slug>/agents/: the catalog, running an agent, runs, AI settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from agents import selectors, services
from agents.forms import AgentRunForm, OrgAISettingsForm
from agents.llm.selectors import org_ai_settings_get
from agents.llm.services import org_ai_settings_update
from agents.models import AgentCategory, AgentDefinition, AgentExecution
from billing.services import billing_account_for
from config.errors import DomainError, NotFoundError
from organizations.models import Organization, Role
from organizations.web import current_access, org_view

HISTORY_PAGE_SIZE = 25


def _agent(slug: str) -> AgentDefinition:
    try:
        return selectors.agent_get(slug=slug)
    except NotFoundError:
        raise Http404("No such agent.") from None


def _execution(org: Organization, execution_id: int) -> AgentExecution:
    try:
        return selectors.execution_get(org=org, execution_id=execution_id)
    except NotFoundError:
        raise Http404("No such run.") from None


def _can_run(request: HttpRequest) -> bool:
    return current_access(request).role.at_least(Role.MEMBER)


@org_view(get=Role.VIEWER)
def agent_catalog(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = current_access(request).org
    category = request.GET.get("category") or ""
    agents = list(selectors.agent_list(category=category or None))
    costs = selectors.credit_costs()
    for agent in agents:
        agent.cost = costs.get(agent.credit_operation)  # type: ignore[attr-defined]
    groups = []
    for value, label in AgentCategory.choices:
        members = [a for a in agents if a.category == value]
        if members:
            groups.append({"value": value, "label": label, "agents": members})
    context = {
        "org": org,
        "groups": groups,
        "costs": costs,
        "category": category,
        "categories": AgentCategory.choices,
        "agent_count": len(agents),
        "can_manage": current_access(request).role.at_least(Role.ADMIN),
    }
    return render(request, "agents/catalog.html", context)


@org_view(get=Role.VIEWER, post=Role.MEMBER)
def agent_detail(request: HttpRequest, org_slug: str, agent_slug: str) -> HttpResponse:
    access = current_access(request)
    org = access.org
    agent = _agent(agent_slug)
    version = agent.current_version
    assert version is not None  # agent_get only lists agents with a version
    status = 200
    if request.method == "POST":
        form = AgentRunForm(version.input_schema, request.POST)
        if form.is_valid():
            data = form.agent_input()
            if form.is_valid():  # converting may add errors (bad JSON)
                try:
                    execution = services.agent_run(
                        org=org,
                        actor=request.user,  # type: ignore[arg-type]
                        agent_slug=agent.slug,
                        input=data,
                        trigger=AgentExecution.Trigger.USER,
                    )
                except ValidationError as exc:
                    form.add_service_errors(exc.message_dict)
                except DomainError as exc:
                    form.add_error(None, exc.message)
                    status = exc.status_code
                else:
                    return redirect(
                        reverse(
                            "agent-execution",
                            kwargs={"org_slug": org.slug, "execution_id": execution.pk},
                        )
                    )
        status = status if status != 200 else 400
    else:
        source: dict[str, Any] = agent.example_input
        rerun = request.GET.get("from", "")
        if rerun.isdigit():
            previous = (
                selectors.execution_list(org=org, agent_slug=agent.slug)
                .filter(pk=int(rerun))
                .first()
            )
            if previous is not None:
                source = previous.input
        form = AgentRunForm(
            version.input_schema, initial=AgentRunForm.initial_from(version.input_schema, source)
        )
    main_fields, voice_fields = form.field_groups()
    context = {
        "org": org,
        "agent": agent,
        "version": version,
        "form": form,
        "main_fields": main_fields,
        "voice_fields": voice_fields,
        "cost": selectors.credit_costs().get(agent.credit_operation),
        "balance": billing_account_for(org=org).credit_balance,
        "can_run": _can_run(request),
        "recent": selectors.execution_list(org=org, agent_slug=agent.slug)[:5],
    }
    return render(request, "agents/agent_detail.html", context, status=status)


@org_view(get=Role.VIEWER)
def execution_list(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = current_access(request).org
    agent = request.GET.get("agent") or ""
    status = request.GET.get("status") or ""
    executions = selectors.execution_list(org=org, agent_slug=agent or None, status=status or None)
    before = request.GET.get("before", "")
    if before.isdigit():
        executions = executions.filter(pk__lt=int(before))
    page = list(executions[: HISTORY_PAGE_SIZE + 1])
    shown = page[:HISTORY_PAGE_SIZE]
    context = {
        "org": org,
        "executions": shown,
        "older": shown[-1].pk if len(page) > HISTORY_PAGE_SIZE else None,
        "agent_filter": agent,
        "status_filter": status,
        "agents": selectors.agent_list(enabled_only=False),
        "statuses": AgentExecution.Status.choices,
        "spent": selectors.ai_credits_spent_this_month(org=org),
        "budget": getattr(org_ai_settings_get(org=org), "monthly_credit_budget", None),
    }
    return render(request, "agents/execution_list.html", context)


def _execution_context(request: HttpRequest, execution: AgentExecution) -> dict[str, Any]:
    return {
        "org": current_access(request).org,
        "execution": execution,
        "can_run": _can_run(request),
    }


@org_view(get=Role.VIEWER)
def execution_detail(request: HttpRequest, org_slug: str, execution_id: int) -> HttpResponse:
    execution = _execution(current_access(request).org, execution_id)
    return render(request, "agents/execution_detail.html", _execution_context(request, execution))


@org_view(get=Role.VIEWER)
def execution_status(request: HttpRequest, org_slug: str, execution_id: int) -> HttpResponse:
    """The status and result panel alone: polled by htmx every second until the run is done."""
    execution = _execution(current_access(request).org, execution_id)
    response = render(
        request, "agents/_execution_status.html", _execution_context(request, execution)
    )
    response["Cache-Control"] = "no-store"
    return response


@org_view(get=Role.ADMIN, post=Role.ADMIN)
def ai_settings(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = current_access(request).org
    current = org_ai_settings_get(org=org)
    initial = {
        "preferred_provider": current.preferred_provider if current else "auto",
        "monthly_credit_budget": current.monthly_credit_budget if current else None,
    }
    form = OrgAISettingsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                org_ai_settings_update(
                    org=org,
                    actor=request.user,  # type: ignore[arg-type]
                    preferred_provider=form.cleaned_data["preferred_provider"],
                    openai_api_key=form.key_value("openai"),
                    anthropic_api_key=form.key_value("anthropic"),
                    monthly_credit_budget=form.cleaned_data["monthly_credit_budget"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, "AI settings saved.")
                return redirect(reverse("agent-ai-settings", kwargs={"org_slug": org.slug}))
        status = 400
    context = {
        "org": org,
        "form": form,
        "has_openai_key": bool(current and current.openai_api_key),
        "has_anthropic_key": bool(current and current.anthropic_api_key),
        "spent": selectors.ai_credits_spent_this_month(org=org),
    }
    return render(request, "agents/ai_settings.html", context, status=status)
