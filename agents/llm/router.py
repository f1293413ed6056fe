"""Which provider and model serve a request, and the one entry point that calls them.

Routing (DESIGN §6, seed 004's AI strategy), when the organization leaves it on "auto":
strategy, analytics and admin/QA work goes to Anthropic first (reasoning, brand-critical);
creative work (content creation, engagement) to OpenAI first; simple tasks (`Tier.SMALL`) to
the small models, OpenAI's first. An organization may prefer one provider, and may bring its own
keys, which are used instead of the platform's. A provider is available when a key exists for it
(the organization's own or the platform's).

The offline writer answers only when no real provider is available at all, or when the
organization chose it: it is never a silent stand-in for a real provider that failed. A real
provider's transient failure falls back to the other real provider, and the call log says so.

`generate` must be called outside any transaction (from a task): each call is logged after it
returns, in its own short transaction.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from django.conf import settings

from agents.llm.anthropic_provider import AnthropicProvider
from agents.llm.base import (
    InvalidOutputError,
    LLMError,
    LLMRequest,
    LLMResult,
    PermanentLLMError,
    Provider,
    ProviderName,
    Tier,
    TransientLLMError,
)
from agents.llm.models import OrgAISettings
from agents.llm.openai_provider import OpenAIProvider
from agents.llm.selectors import org_ai_settings_get
from agents.llm.services import llm_call_record
from agents.llm.structured import OutputMismatchError, repair_request
from organizations.models import Organization

OFFLINE_MODEL = "herald-offline-1"  # agents.offline.provider.OFFLINE_MODEL
REAL_PROVIDERS = (ProviderName.OPENAI, ProviderName.ANTHROPIC)

# Categories (agents.models.AgentCategory, normalised) whose work Anthropic does first.
ANTHROPIC_FIRST = frozenset({"strategy", "analytics", "analysis", "admin_qa", "research"})
# Creative work; also the default for a category not listed here.
OPENAI_FIRST = frozenset({"content_creation", "engagement", "creative"})

Route = tuple[ProviderName, str]


@dataclass(frozen=True)
class ProviderKey:
    api_key: str
    byo: bool  # the organization's own key


def _normalise(category: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", category.strip().lower()).strip("_")


def model_for(provider: ProviderName, tier: Tier) -> str:
    if provider is ProviderName.OFFLINE:
        return OFFLINE_MODEL
    name = f"LLM_{provider.value.upper()}_MODEL_{tier.value.upper()}"
    return str(getattr(settings, name))


def provider_key(provider: ProviderName, org_settings: OrgAISettings | None) -> ProviderKey | None:
    """The key a call to `provider` uses: the organization's own first, then the platform's."""
    if provider is ProviderName.OFFLINE:
        return ProviderKey(api_key="", byo=False)
    own = getattr(org_settings, f"{provider.value}_api_key", "") if org_settings else ""
    if own:
        return ProviderKey(api_key=own, byo=True)
    platform = str(getattr(settings, f"{provider.value.upper()}_API_KEY", "") or "")
    if platform:
        return ProviderKey(api_key=platform, byo=False)
    return None


def available_providers(org_settings: OrgAISettings | None) -> list[ProviderName]:
    """The real providers this organization can use (a key exists for them)."""
    return [p for p in REAL_PROVIDERS if provider_key(p, org_settings) is not None]


def route(
    *,
    category: str,
    tier: Tier,
    org_settings: OrgAISettings | None,
    pinned_provider: ProviderName | str | None = None,
    pinned_model: str = "",
) -> list[Route]:
    """(provider, model) pairs to try, in order of preference.

    `pinned_provider`/`pinned_model` are an agent's own choice from the catalog; they apply when
    the organization leaves the choice on auto and that provider is available. An agent cannot
    pin the offline writer.
    """
    pinned = ProviderName(pinned_provider) if pinned_provider else None
    preferred = org_settings.preferred_provider if org_settings else OrgAISettings.Preferred.AUTO
    if preferred == OrgAISettings.Preferred.OFFLINE:
        return [(ProviderName.OFFLINE, OFFLINE_MODEL)]
    available = available_providers(org_settings)
    if not available:
        return [(ProviderName.OFFLINE, OFFLINE_MODEL)]

    if preferred in (ProviderName.OPENAI, ProviderName.ANTHROPIC):
        first = ProviderName(preferred)
    elif pinned in REAL_PROVIDERS:
        first = pinned
    elif tier is Tier.SMALL:
        first = ProviderName.OPENAI
    elif _normalise(category) in ANTHROPIC_FIRST:
        first = ProviderName.ANTHROPIC
    else:
        first = ProviderName.OPENAI
    order = [first, *(p for p in REAL_PROVIDERS if p != first)]

    routes: list[Route] = []
    for provider in order:
        if provider not in available:
            continue
        use_pinned = (
            pinned_model and provider == pinned and preferred == OrgAISettings.Preferred.AUTO
        )
        routes.append((provider, pinned_model if use_pinned else model_for(provider, tier)))
    return routes


def _offline_provider() -> Provider:
    try:
        from agents.offline.provider import OfflineProvider  # the embedded default writer
    except ImportError as exc:
        raise PermanentLLMError(
            "No AI provider is configured and the offline writer is not available."
        ) from exc
    provider: Provider = OfflineProvider()
    return provider


def _openai_provider(api_key: str) -> Provider:
    return OpenAIProvider(api_key=api_key)


def _anthropic_provider(api_key: str) -> Provider:
    return AnthropicProvider(api_key=api_key)


# Replaceable in tests; each takes the API key to use.
PROVIDER_FACTORIES: dict[ProviderName, Callable[[str], Provider]] = {
    ProviderName.OPENAI: _openai_provider,
    ProviderName.ANTHROPIC: _anthropic_provider,
    ProviderName.OFFLINE: lambda _key: _offline_provider(),
}


def generate(
    *,
    org: Organization,
    purpose: str,
    request: LLMRequest,
    category: str,
    tier: Tier,
    execution_id: int | None = None,
    pinned_provider: ProviderName | str | None = None,
    pinned_model: str = "",
) -> LLMResult:
    """Generate with the routed providers in turn; `request.model` is set per route.

    A transient failure moves on to the next real provider (logged as `fallback_from`); a
    permanent one, or the last transient one, is raised. A reply not matching the request's
    schema is repaired once on the same model, then `InvalidOutputError` is raised. Every call
    to a provider is one `LLMCall` row, tied to `execution_id` (an agents.AgentExecution) if given.
    """
    ai_settings = org_ai_settings_get(org=org)
    routes = route(
        category=category,
        tier=tier,
        org_settings=ai_settings,
        pinned_provider=pinned_provider,
        pinned_model=pinned_model,
    )
    failed: ProviderName | None = None
    last_error: LLMError | None = None
    for provider_name, model in routes:
        key = provider_key(provider_name, ai_settings)
        assert key is not None  # route() only lists providers with a key
        attempt = _Attempt(
            org=org,
            purpose=purpose,
            execution_id=execution_id,
            provider=PROVIDER_FACTORIES[provider_name](key.api_key),
            provider_name=provider_name,
            byo_key=key.byo,
            fallback_from=failed,
        )
        try:
            return attempt.generate_valid(replace(request, model=model))
        except TransientLLMError as exc:
            failed, last_error = provider_name, exc
    assert last_error is not None
    raise last_error


@dataclass
class _Attempt:
    """Calls to one provider for one request: the call, and its repair if the output is off."""

    org: Organization
    purpose: str
    execution_id: int | None
    provider: Provider
    provider_name: ProviderName
    byo_key: bool
    fallback_from: ProviderName | None

    def generate_valid(self, request: LLMRequest) -> LLMResult:
        try:
            return self._call(request)
        except OutputMismatchError as mismatch:
            first = mismatch
        try:
            return self._call(repair_request(request, first))
        except OutputMismatchError as again:
            raise InvalidOutputError(
                "The AI's answer did not match the expected format, even after one repair "
                f"attempt: {again.reason}"
            ) from again

    def _call(self, request: LLMRequest) -> LLMResult:
        started = time.monotonic()
        try:
            result = self.provider.generate(request)
        except OutputMismatchError as exc:
            self._record(
                request,
                started,
                model=exc.model or request.model,
                input_tokens=exc.input_tokens,
                output_tokens=exc.output_tokens,
                response=exc.text,
                error=exc.message,
            )
            raise
        except LLMError as exc:
            self._record(request, started, model=request.model, error=exc.message)
            raise
        except Exception as exc:
            # A provider bug must not lose the call log, nor pass for a provider outage.
            self._record(request, started, model=request.model, error=f"Internal error: {exc!r}")
            raise PermanentLLMError(f"The {self.provider_name} provider failed: {exc}") from exc
        self._record(
            request,
            started,
            model=result.model,
            input_tokens=result.input_tokens,
            output_tokens=result.output_tokens,
            response=result.text,
        )
        return result

    def _record(
        self,
        request: LLMRequest,
        started: float,
        *,
        model: str,
        input_tokens: int = 0,
        output_tokens: int = 0,
        response: str = "",
        error: str = "",
    ) -> None:
        llm_call_record(
            org=self.org,
            purpose=self.purpose,
            execution_id=self.execution_id,
            provider=self.provider_name,
            model=model,
            byo_key=self.byo_key,
            request=request,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            latency_ms=int((time.monotonic() - started) * 1000),
            error=error,
            response=response,
            fallback_from=self.fallback_from,
        )
