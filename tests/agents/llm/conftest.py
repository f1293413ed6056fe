"""Loopback stand-ins for the OpenAI and Anthropic HTTP APIs, driven through the real SDKs.

Each stub checks every request against the provider's published API reference (path, auth
header, required fields, the structured-output parameters) and answers 400 in the provider's
own error format when one is off, so a malformed request fails the test that made it.
OpenAI: https://platform.openai.com/docs/api-reference/chat/create
Anthropic: https://docs.anthropic.com/en/api/messages
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from agents.llm.base import LLMRequest, Message

BRAND_VOICE = "Brand voice: warm, witty, never uses exclamation marks."
SCHEMA = {
    "type": "object",
    "properties": {
        "hook": {"type": "string"},
        "hashtags": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["hook", "hashtags"],
    "additionalProperties": False,
}
VALID_OUTPUT = {"hook": "Mornings, rewritten.", "hashtags": ["#coffee"]}
ECHO_MODEL = "(the requested model)"
_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


def text_request(**overrides: Any) -> LLMRequest:
    fields: dict[str, Any] = {
        "system": f"You write social posts. {BRAND_VOICE}",
        "messages": (Message(role="user", content="A post about our new espresso."),),
        "model": "",
        "max_tokens": 300,
    }
    fields.update(overrides)
    return LLMRequest(**fields)


def structured_request(**overrides: Any) -> LLMRequest:
    return text_request(json_schema=SCHEMA, schema_name="social post", **overrides)


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    at: float


class ApiStub:
    """A provider API on 127.0.0.1 (ephemeral port): records requests, answers from a script."""

    api = ""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.problems: list[str] = []
        self.replies: deque[Reply] = deque()
        self.expect_schema = False
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {}
                with stub.lock:
                    stub.requests.append(Seen(self.path, headers, body, time.monotonic()))
                    problems = stub.check(self.path, headers, body)
                    stub.problems.extend(problems)
                    reply = stub.replies.popleft() if stub.replies else stub.unscripted()
                if problems:
                    reply = stub.error(400, "invalid_request_error", "; ".join(problems))
                if reply.body and reply.body.get("model") == ECHO_MODEL:
                    reply = replace(reply, body={**reply.body, "model": body.get("model")})
                time.sleep(reply.delay)
                payload = json.dumps(reply.body or {}).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass  # the client gave up (timeout), as it would with the real API

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def hits(self) -> int:
        return len(self.requests)

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def unscripted(self) -> Reply:
        return self.error(500, "api_error", "The test did not script a reply for this request.")

    def check(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> list[str]:
        raise NotImplementedError

    def error(self, status: int, kind: str, message: str) -> Reply:
        raise NotImplementedError


class OpenAIStub(ApiStub):
    api = "openai"

    @property
    def base_url(self) -> str:
        return f"{self.root}/v1"

    def check(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> list[str]:
        problems = []
        if path != "/v1/chat/completions":
            problems.append(f"unexpected path {path}")
        if not headers.get("authorization", "").startswith("Bearer ") or len(
            headers["authorization"]
        ) <= len("Bearer "):
            problems.append("missing Authorization: Bearer <key>")
        if not headers.get("content-type", "").startswith("application/json"):
            problems.append("body is not JSON")
        if not isinstance(body.get("model"), str) or not body["model"]:
            problems.append("model is required")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            problems.append("messages must be a non-empty array")
        else:
            for message in messages:
                if message.get("role") not in {"system", "developer", "user", "assistant"}:
                    problems.append(f"bad role {message.get('role')!r}")
                if not isinstance(message.get("content"), str | list):
                    problems.append("message content must be a string or parts")
        tokens = body.get("max_completion_tokens", body.get("max_tokens"))
        if tokens is not None and (not isinstance(tokens, int) or tokens < 1):
            problems.append("max_completion_tokens must be a positive integer")
        temperature = body.get("temperature")
        if temperature is not None and not 0 <= temperature <= 2:
            problems.append("temperature must be between 0 and 2")
        if self.expect_schema:
            response_format = body.get("response_format") or {}
            json_schema = response_format.get("json_schema") or {}
            if response_format.get("type") != "json_schema":
                problems.append("response_format.type must be json_schema")
            if not _NAME.match(str(json_schema.get("name", ""))):
                problems.append("response_format.json_schema.name must match ^[a-zA-Z0-9_-]{1,64}$")
            if not isinstance(json_schema.get("schema"), dict):
                problems.append("response_format.json_schema.schema must be an object")
        return problems

    def error(self, status: int, kind: str, message: str) -> Reply:
        return Reply(
            status, {"error": {"message": message, "type": kind, "param": None, "code": None}}
        )

    def completion(
        self,
        content: str,
        *,
        prompt_tokens: int = 120,
        completion_tokens: int = 40,
        model: str = ECHO_MODEL,
    ) -> Reply:
        return Reply(
            200,
            {
                "id": "chatcmpl-herald-test",
                "object": "chat.completion",
                "created": 1_763_000_000,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content, "refusal": None},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt_tokens,
                    "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens,
                },
            },
        )


class AnthropicStub(ApiStub):
    api = "anthropic"

    @property
    def base_url(self) -> str:
        return self.root

    def check(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> list[str]:
        problems = []
        if path != "/v1/messages":
            problems.append(f"unexpected path {path}")
        if not headers.get("anthropic-version"):
            problems.append("missing anthropic-version header")
        bearer = headers.get("authorization", "")
        if not headers.get("x-api-key") and not (
            bearer.startswith("Bearer ") and len(bearer) > len("Bearer ")
        ):
            problems.append("missing x-api-key or Authorization: Bearer")
        if not isinstance(body.get("model"), str) or not body["model"]:
            problems.append("model is required")
        if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
            problems.append("max_tokens is required and positive")
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            problems.append("messages must be a non-empty array")
        else:
            if messages[0].get("role") != "user":
                problems.append("the first message must be the user's")
            for message in messages:
                if message.get("role") not in {"user", "assistant"}:
                    problems.append(f"bad role {message.get('role')!r} (system is top-level)")
        if "system" in body and not isinstance(body["system"], str | list):
            problems.append("system must be a string or text blocks")
        temperature = body.get("temperature")
        if temperature is not None and not 0 <= temperature <= 1:
            problems.append("temperature must be between 0 and 1")
        if self.expect_schema:
            tools = body.get("tools") or []
            names = [tool.get("name") for tool in tools]
            if not tools or not all(isinstance(t.get("input_schema"), dict) for t in tools):
                problems.append("tools[].input_schema must be present")
            elif any(t["input_schema"].get("type") != "object" for t in tools):
                problems.append("tools[].input_schema.type must be object")
            if not all(_NAME.match(str(name)) for name in names):
                problems.append("tools[].name must match ^[a-zA-Z0-9_-]{1,64}$")
            choice = body.get("tool_choice") or {}
            if choice.get("type") != "tool" or choice.get("name") not in names:
                problems.append("tool_choice must name one of the tools")
        return problems

    def error(self, status: int, kind: str, message: str) -> Reply:
        return Reply(status, {"type": "error", "error": {"type": kind, "message": message}})

    def message(
        self,
        *,
        text: str | None = None,
        tool_input: dict[str, Any] | None = None,
        input_tokens: int = 150,
        output_tokens: int = 60,
        model: str = ECHO_MODEL,
    ) -> Reply:
        content: list[dict[str, Any]] = []
        if text is not None:
            content.append({"type": "text", "text": text})
        if tool_input is not None:
            content.append(
                {"type": "tool_use", "id": "toolu_test", "name": "social_post", "input": tool_input}
            )
        return Reply(
            200,
            {
                "id": "msg_herald_test",
                "type": "message",
                "role": "assistant",
                "model": model,
                "content": content,
                "stop_reason": "tool_use" if tool_input is not None else "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
            },
        )


@contextmanager
def serving(stub: ApiStub) -> Iterator[ApiStub]:
    stub.thread.start()
    try:
        yield stub
    finally:
        stub.server.shutdown()
        stub.server.server_close()


@pytest.fixture
def openai_stub(monkeypatch):
    """The OpenAI API on loopback; OPENAI_BASE_URL points the SDK at it."""
    with serving(OpenAIStub()) as stub:
        monkeypatch.setenv("OPENAI_BASE_URL", stub.base_url)
        yield stub


@pytest.fixture
def anthropic_stub(monkeypatch):
    """The Anthropic API on loopback; ANTHROPIC_BASE_URL points the SDK at it."""
    with serving(AnthropicStub()) as stub:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", stub.base_url)
        yield stub


@pytest.fixture(autouse=True)
def _llm_settings(settings, monkeypatch):
    """Platform keys for both providers, short timeouts; no real endpoint is reachable."""
    settings.OPENAI_API_KEY = "sk-platform-openai"
    settings.ANTHROPIC_API_KEY = "sk-ant-platform"
    settings.LLM_TIMEOUT_SECONDS = 5.0
    settings.LLM_MAX_RETRIES = 2
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")
