"""Mounted at /api/v1/orgs/<org_slug>/: agents/... and executions/..."""

from django.urls import URLPattern, URLResolver, path

from agents.api import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("agents/", views.AgentCollectionApi.as_view(), name="api-agents"),
    path("agents/<slug:agent_slug>/", views.AgentDetailApi.as_view(), name="api-agent"),
    path("agents/<slug:agent_slug>/runs/", views.AgentRunApi.as_view(), name="api-agent-runs"),
    path("executions/", views.AgentExecutionCollectionApi.as_view(), name="api-agent-executions"),
    path(
        "executions/<int:execution_id>/",
        views.AgentExecutionDetailApi.as_view(),
        name="api-agent-execution",
    ),
]
