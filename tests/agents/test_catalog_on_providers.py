"""Every catalog agent through both real SDKs against the loopback provider stubs.

The stubs (tests/agents/llm/conftest.py) check each request against the provider's published
API, structured-output parameters included; the reply is the offline writer's answer for the
agent, so this proves every catalog schema survives each provider's structured-output path.
"""

from __future__ import annotations

import json

import pytest

from agents import services
from agents.catalog import BY_SLUG
from agents.llm.services import org_ai_settings_update
from agents.models import AgentExecution
from tests.agents.helpers import SLUGS, offline
from tests.agents.llm.conftest import AnthropicStub, OpenAIStub, serving

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("catalog")]


@pytest.fixture
def providers(settings, monkeypatch):
    settings.OPENAI_API_KEY = "sk-platform-openai"
    settings.ANTHROPIC_API_KEY = "sk-ant-platform"
    settings.LLM_TIMEOUT_SECONDS = 5.0
    settings.LLM_MAX_RETRIES = 0
    with serving(OpenAIStub()) as openai_stub, serving(AnthropicStub()) as anthropic_stub:
        monkeypatch.setenv("OPENAI_BASE_URL", openai_stub.base_url)
        monkeypatch.setenv("ANTHROPIC_BASE_URL", anthropic_stub.base_url)
        openai_stub.expect_schema = anthropic_stub.expect_schema = True
        yield {"openai": openai_stub, "anthropic": anthropic_stub}


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_catalog_agent_runs_on_both_providers(
    slug, provider, providers, funded, owner, member
):
    spec = BY_SLUG[slug]
    answer = offline(slug, spec.example_input)
    stub = providers[provider]
    if provider == "openai":
        stub.script(stub.completion(json.dumps(answer)))
    else:
        stub.script(stub.message(tool_input=answer))
    org_ai_settings_update(org=funded, actor=owner, preferred_provider=provider)

    queued = services.agent_run(org=funded, actor=member, agent_slug=slug, input=spec.example_input)
    execution = services.agent_execute(execution_id=queued.pk)

    assert stub.problems == []
    assert execution.status == AgentExecution.Status.SUCCEEDED, execution.error
    assert execution.provider == provider
    assert execution.output == answer
    assert execution.credits_charged > 0
    sent = stub.requests[0].body
    assert spec.example_input.get("topic", "") in json.dumps(sent)
