"""Mounted at /app/<org_slug>/agents/."""

from django.urls import URLPattern, URLResolver, path

from agents import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.agent_catalog, name="agents"),
    path("runs/", views.execution_list, name="agent-executions"),
    path("runs/<int:execution_id>/", views.execution_detail, name="agent-execution"),
    path(
        "runs/<int:execution_id>/status/",
        views.execution_status,
        name="agent-execution-status",
    ),
    path("settings/", views.ai_settings, name="agent-ai-settings"),
    path("<slug:agent_slug>/", views.agent_detail, name="agent-detail"),
]
