"""Agent runs through the real Celery `llm` queue against a slow model: `make bench-agents`.

Starts a loopback stand-in for the OpenAI Chat Completions API that answers every request
after a fixed latency (2 s by default, like a real model writing a short answer), a Celery
worker consuming the `llm` queue with the threads pool (as the Procfile runs it), then queues
N agent runs through `agents.services.agent_run` (each a PENDING execution enqueued on
commit), waits for all of them and prints throughput, queue wait and run duration (p50/p99).

Runs with HERALD_ENV=production on PostgreSQL and Redis (BENCH_DATABASE_URL, BENCH_REDIS_URL,
BENCH_BROKER_URL, as bench/run.py). Knobs: BENCH_AGENT_RUNS (200), BENCH_LLM_LATENCY (2.0 s),
BENCH_AGENT_CONCURRENCY (worker threads, 50), BENCH_AGENT (hook-generator),
BENCH_AGENT_TIMEOUT (seconds to wait for the last run, 300).

Exit status: 0 when every run succeeded, 1 when some failed or timed out, 2 on setup failure.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path[:0] = [str(ROOT), str(BENCH_DIR)]

import run as harness  # noqa: E402 - bench/run.py: the shared environment and setup helpers

RUNS = harness._env_int("BENCH_AGENT_RUNS", 200)
CONCURRENCY = harness._env_int("BENCH_AGENT_CONCURRENCY", 50)
TIMEOUT = harness._env_int("BENCH_AGENT_TIMEOUT", 300)
LATENCY = float(os.environ.get("BENCH_LLM_LATENCY", "2.0"))
AGENT = os.environ.get("BENCH_AGENT", "hook-generator")
ORG_SLUG = "agents-bench"


class StubLLM:
    """OpenAI's `POST /v1/chat/completions`, answering with `content` after `latency` seconds."""

    def __init__(self, content: str, latency: float) -> None:
        self.content = content
        self.latency = latency
        self.calls = 0
        self.in_flight = 0
        self.peak = 0
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
                with stub.lock:
                    stub.calls += 1
                    stub.in_flight += 1
                    stub.peak = max(stub.peak, stub.in_flight)
                try:
                    time.sleep(stub.latency)
                    payload = json.dumps(
                        {
                            "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
                            "object": "chat.completion",
                            "created": int(time.time()),
                            "model": body.get("model", "gpt-4o-mini"),
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": stub.content},
                                    "finish_reason": "stop",
                                }
                            ],
                            "usage": {
                                "prompt_tokens": 400,
                                "completion_tokens": 200,
                                "total_tokens": 600,
                            },
                        }
                    ).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                finally:
                    with stub.lock:
                        stub.in_flight -= 1

            def log_message(self, format: str, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> StubLLM:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, round(pct / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    argv = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-Q",
        "llm",
        "--pool",
        "threads",
        "--concurrency",
        str(CONCURRENCY),
        "-n",
        f"agents-bench-{os.getpid()}@%h",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
        "-l",
        "info",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while b"ready." not in log.read_bytes():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise harness.SetupError(f"the Celery worker did not start:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
    return proc


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def prepare_org() -> tuple[Any, Any]:
    from accounts.models import User
    from billing.services import billing_account_for, credits_grant
    from organizations.models import Membership, Organization, Role

    user, _ = User.objects.get_or_create(email="agents-bench@herald.localhost")
    org, _ = Organization.objects.get_or_create(slug=ORG_SLUG, defaults={"name": "Agents bench"})
    Membership.objects.get_or_create(organization=org, user=user, defaults={"role": Role.OWNER})
    billing_account_for(org=org)
    credits_grant(org=org, amount=RUNS * 60, reason="Agents benchmark credits")
    return org, user


def sample_output(data: dict[str, Any]) -> str:
    """A valid answer for the agent (the offline writer's), served by the stub model."""
    from agents.llm.base import LLMRequest, Message
    from agents.models import AgentDefinition
    from agents.offline.provider import OfflineProvider

    agent = AgentDefinition.objects.select_related("current_version").get(slug=AGENT)
    result = OfflineProvider().generate(
        LLMRequest(
            system="",
            messages=(Message(role="user", content="bench"),),
            model="",
            json_schema=agent.current_version.output_schema if agent.current_version else None,
            agent_slug=AGENT,
            agent_input=data,
        )
    )
    return result.text


def bench_input(i: int, run_id: str) -> dict[str, Any]:
    """Distinct inputs, so the cache serves none of them."""
    if AGENT == "hook-generator":
        return {"topic": f"benchmark topic {run_id} number {i}", "platform": "x"}
    from agents.catalog import BY_SLUG

    example = dict(BY_SLUG[AGENT].example_input)
    example["brand_voice"] = {"brand_name": f"Bench {run_id} {i}"}
    return example


def main() -> int:
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, harness._raise_exit)
    stub: StubLLM | None = None
    worker: subprocess.Popen[bytes] | None = None
    log = Path(tempfile.mkdtemp(prefix="herald-agents-bench-")) / "worker.log"
    run_id = uuid.uuid4().hex[:8]
    try:
        env = harness.herald_env() | {
            "OPENAI_API_KEY": "sk-bench-platform-key",
            "ANTHROPIC_API_KEY": "",
            "LLM_MAX_RETRIES": "0",
            "LLM_TIMEOUT_SECONDS": str(max(30.0, LATENCY * 5)),
            "LOG_LEVEL": "WARNING",
        }
        harness.ensure_database()
        print("bench-agents: migrate and sync the agent catalog")
        harness.manage(env, "migrate", "--noinput")
        harness.manage(env, "sync_agents")
        setup_django(env)
        org, user = prepare_org()
        stub = StubLLM(sample_output(bench_input(0, run_id)), LATENCY).start()
        env["OPENAI_BASE_URL"] = stub.url
        os.environ["OPENAI_BASE_URL"] = stub.url

        from config.celery import app

        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge("llm")  # type: ignore[attr-defined]
        worker = start_worker(env, log)
        print(
            f"bench-agents: {RUNS} runs of {AGENT}, stub model latency {LATENCY:g}s, "
            f"worker: threads pool x {CONCURRENCY}"
        )

        from agents.models import AgentExecution
        from agents.services import agent_run

        submit_started = time.monotonic()
        ids = [
            agent_run(
                org=org,
                actor=user,
                agent_slug=AGENT,
                input=bench_input(i, run_id),
                trigger=AgentExecution.Trigger.TASK,
            ).pk
            for i in range(RUNS)
        ]
        submit_s = time.monotonic() - submit_started
        deadline = time.monotonic() + TIMEOUT
        done = 0
        while time.monotonic() < deadline:
            done = AgentExecution.objects.filter(
                pk__in=ids, status__in=["succeeded", "failed"]
            ).count()
            if done == RUNS:
                break
            time.sleep(0.25)
        rows = list(
            AgentExecution.objects.filter(pk__in=ids).values(
                "status",
                "created_at",
                "started_at",
                "finished_at",
                "duration_ms",
                "error",
                "cached",
            )
        )
    except harness.SetupError as exc:
        print(f"bench-agents: setup failed: {exc}", file=sys.stderr)
        return 2
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
        if stub is not None:
            stub.stop()

    finished = [r for r in rows if r["status"] == "succeeded"]
    failed = [r for r in rows if r["status"] == "failed"]
    unfinished = RUNS - len(finished) - len(failed)
    waits = [
        (r["started_at"] - r["created_at"]).total_seconds() * 1000 for r in rows if r["started_at"]
    ]
    durations = [float(r["duration_ms"]) for r in finished if r["duration_ms"] is not None]
    ends = [r["finished_at"] for r in finished if r["finished_at"]]
    span = (
        (max(ends) - min(r["created_at"] for r in rows)).total_seconds() if ends else float("nan")
    )

    mean = statistics.fmean(durations) if durations else float("nan")
    ideal = f"ideal {CONCURRENCY / LATENCY:.1f} = threads / latency" if LATENCY else "no latency"
    lines = [
        (
            "runs",
            f"{RUNS}  (succeeded {len(finished)}, failed {len(failed)}, unfinished {unfinished})",
        ),
        ("submitted in", f"{submit_s:.2f} s  ({RUNS / submit_s:.0f} runs/s into the queue)"),
        ("wall time, first to last", f"{span:.2f} s"),
        ("throughput", f"{len(finished) / span:.1f} runs/s  ({ideal})"),
        ("queue wait p50 / p99", f"{percentile(waits, 50):,.0f} / {percentile(waits, 99):,.0f} ms"),
        (
            "run duration p50 / p99",
            f"{percentile(durations, 50):,.0f} / {percentile(durations, 99):,.0f} ms",
        ),
        ("run duration mean", f"{mean:,.0f} ms  (model latency {LATENCY * 1000:,.0f} ms)"),
    ]
    print()
    for label, value in lines:
        print(f"{label:<28}{value}")
    if stub is not None:
        print(f"{'model calls, peak in flight':<28}{stub.calls}, {stub.peak}")
    for row in failed[:5]:
        print(f"FAIL: {row['error'][:200]}", file=sys.stderr)
    if failed or unfinished:
        print(f"bench-agents: worker log kept at {log}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
