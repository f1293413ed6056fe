"""What the OpenAI and Anthropic providers share: settings, the client cache, the retries."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, ClassVar

from django.conf import settings

from agents.llm.base import LLMRequest, LLMResult, ProviderName
from agents.llm.retry import call_with_retries
from agents.llm.structured import check_schema


class SdkProvider:
    """A provider behind an official SDK. Subclasses name their SDK's client and one call."""

    name: ProviderName
    base_url_env: ClassVar[str]
    default_base_url: ClassVar[str]

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api_key = api_key
        # An empty *_BASE_URL (as .env.example has it) means the default, not "".
        self.base_url = base_url or os.environ.get(self.base_url_env) or self.default_base_url
        self.timeout = timeout if timeout is not None else settings.LLM_TIMEOUT_SECONDS
        self.max_retries = max_retries if max_retries is not None else settings.LLM_MAX_RETRIES
        self.sleep = sleep

    def generate(self, request: LLMRequest) -> LLMResult:
        if request.json_schema is not None:
            check_schema(request.json_schema)
        # Herald retries (agents/llm/retry.py): the SDK's own retries are off. The key is passed
        # explicitly, so an SDK never falls back to credentials of the machine it runs on.
        client = self.client(self.api_key, self.base_url, self.timeout)
        return call_with_retries(
            lambda: self._generate_once(client, request),
            max_retries=self.max_retries,
            sleep=self.sleep,
        )

    @staticmethod
    def client(api_key: str, base_url: str, timeout: float) -> Any:
        raise NotImplementedError

    def _generate_once(self, client: Any, request: LLMRequest) -> LLMResult:
        raise NotImplementedError
