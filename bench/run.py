"""Herald's benchmark harness: `make bench` (bench/run.sh runs this with the venv Python).

Starts each server under gunicorn on a free loopback port, waits until it answers,
loads every scenario with wrk from a separate process (a short warm-up first, then the
measured run), prints one table and the comparisons, and always stops the servers.

Exit status: 0 when every scenario answered 2xx throughout; 1 when a scenario saw a
non-2xx response, a connect error or a timeout, or its probe request did not return 200;
2 when the setup failed (database, migrations, a server that never came up).

Add a benchmark by adding a `Scenario` to SCENARIOS (and, for a side-by-side ratio, a
pair to COMPARISONS); a new kind of server goes into `build_servers()`. See README.md.
Standalone script, standard library only; run it with Herald's virtualenv interpreter.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        sys.exit(f"bench: {name} must be an integer, not {os.environ[name]!r}")


# --- Knobs (all overridable from the environment) ---------------------------------

DURATION = _env_int("BENCH_DURATION", 10)  # seconds of measured load per scenario
WARMUP = _env_int("BENCH_WARMUP", 3)  # seconds of unmeasured load before it
CONNECTIONS = _env_int("BENCH_CONNECTIONS", 32)  # wrk open connections
WRK_THREADS = _env_int("BENCH_WRK_THREADS", 2)  # wrk threads
WORKERS = _env_int("BENCH_WORKERS", 2)  # gunicorn worker processes (Procfile default)
WORKER_THREADS = _env_int("BENCH_WORKER_THREADS", 4)  # gunicorn threads per worker (Procfile)
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/herald_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
# High enough never to reject during a run, short window so DRF's per-user history
# (one timestamp per request in the window, read and rewritten on every request)
# stays about one second of traffic long, like a busy client near the real limit.
THROTTLE_USER = os.environ.get("BENCH_THROTTLE_USER", "100000000/s")
ONLY = {s for s in os.environ.get("BENCH_ONLY", "").split(",") if s}  # scenario names

BENCH_USER_EMAIL = "bench@herald.localhost"


# --- Servers -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def gunicorn_argv(app: str, port: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--threads",
        str(WORKER_THREADS),
        "--timeout",
        "30",
        *extra,
    ]


def base_env() -> dict[str, str]:
    """A clean environment: nothing from the caller's shell leaks into the servers."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "USER")
    return {k: os.environ[k] for k in keep if k in os.environ} | {"PYTHONUNBUFFERED": "1"}


def herald_env() -> dict[str, str]:
    """Production mode, with local PostgreSQL and Redis; secrets are fresh per run."""
    fernet_key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    return base_env() | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "HERALD_ENV": "production",
        "DJANGO_SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "CELERY_BROKER_URL": BROKER_URL,
        "HERALD_ENCRYPTION_KEYS": fernet_key,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        # Plain http on loopback: no TLS terminator in front, so no redirect to https.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "API_THROTTLE_USER": THROTTLE_USER,
        "LOG_LEVEL": "WARNING",
    }


@dataclass
class Server:
    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    port: int
    ready_path: str = "/"
    proc: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    def start(self, log_dir: Path) -> None:
        self.log_path = log_dir / f"{self.name}.log"
        with self.log_path.open("wb") as log:
            self.proc = subprocess.Popen(
                self.argv,
                cwd=self.cwd,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stop() reaches the workers
            )

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise SetupError(f"{self.name} exited with {self.proc.returncode}", self)
            try:
                status, _, _ = http_get(self.port, self.ready_path, {}, timeout=2)
                if status < 500:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SetupError(f"{self.name} did not answer within {timeout:.0f}s", self)

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 30) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def build_servers(env: dict[str, str]) -> dict[str, Server]:
    bare_port, herald_port = free_port(), free_port()
    return {
        "bare": Server(
            name="bare",
            argv=gunicorn_argv(
                "bare_django:application", bare_port, "--pythonpath", str(BENCH_DIR)
            ),
            env=base_env() | {"PYTHONDONTWRITEBYTECODE": "1"},  # keep bench/ clean
            cwd=BENCH_DIR,
            port=bare_port,
        ),
        "herald": Server(
            name="herald",
            argv=gunicorn_argv("config.wsgi:application", herald_port),
            env=env,
            cwd=ROOT,
            port=herald_port,
            ready_path="/api/v1/",
        ),
    }


# --- Scenarios -------------------------------------------------------------------------


@dataclass
class Context:
    """What scenarios may need at load time (filled in by prepare_herald)."""

    token: str = ""


@dataclass
class Scenario:
    name: str
    server: str  # a key of build_servers()
    path: str
    headers: Callable[[Context], dict[str, str]] = lambda ctx: {}
    expect_status: int = 200


@dataclass
class Result:
    scenario: Scenario
    rps: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    non_2xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def bearer(ctx: Context) -> dict[str, str]:
    return {"Authorization": f"Bearer {ctx.token}"}


SCENARIOS = [
    # Django alone: no middleware, no auth, no database (bench/bare_django.py).
    Scenario("bare-django-json", "bare", "/api/v1/"),
    # Herald's API root through every middleware, DRF, JWT auth (a PostgreSQL query for
    # the user) and the per-user throttle (a Redis read and write).
    Scenario("herald-api-jwt", "herald", "/api/v1/", headers=bearer),
]

# (numerator, denominator): printed as numerator/denominator ratios under the table.
COMPARISONS = [("herald-api-jwt", "bare-django-json")]


# --- Setup -------------------------------------------------------------------------


class SetupError(Exception):
    def __init__(self, message: str, server: Server | None = None) -> None:
        super().__init__(message)
        self.server = server


def manage(env: dict[str, str], *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise SetupError(
            f"manage.py {' '.join(args[:1])} failed:\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}"
        )
    return proc.stdout


def ensure_database() -> None:
    import psycopg  # Herald's own driver, from its virtualenv

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not exists:
                print(f"bench: creating database {name}")
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        raise SetupError(f"cannot reach PostgreSQL at {admin_url}: {exc}") from exc


TOKEN_SNIPPET = """
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework_simplejwt.tokens import AccessToken
cache.clear()
User = get_user_model()
user = User.objects.filter(email=EMAIL).first()
if user is None:
    user = User.objects.create_user(email=EMAIL, password=PASSWORD)
print("BENCH_TOKEN=" + str(AccessToken.for_user(user)))
"""


def mint_token(env: dict[str, str]) -> str:
    """Clear the bench cache (throttle history) and mint a fresh 15-minute access token."""
    snippet = TOKEN_SNIPPET.replace("EMAIL", repr(BENCH_USER_EMAIL)).replace(
        "PASSWORD", repr(secrets.token_urlsafe(24))
    )
    out = manage(env, "shell", "-c", snippet)
    for line in out.splitlines():
        if line.startswith("BENCH_TOKEN="):
            return line.removeprefix("BENCH_TOKEN=")
    raise SetupError(f"no token in manage.py shell output:\n{out[-2000:]}")


def prepare_herald(env: dict[str, str]) -> None:
    ensure_database()
    started = time.monotonic()
    print("bench: migrate (the first run on a new database takes about a minute)")
    manage(env, "migrate", "--noinput")
    # Production serves static files through whitenoise's manifest storage, so they must
    # be collected. Post-processing (hashing, compressing) takes ~30s: skip it when a
    # manifest exists and a dry run finds nothing new to copy.
    dry = manage(env, "collectstatic", "--noinput", "--dry-run")
    manifest = ROOT / "staticfiles" / "staticfiles.json"
    if manifest.exists() and re.search(r"^0 static files copied", dry, re.M):
        print("bench: collectstatic: static files up to date")
    else:
        print("bench: collectstatic (production uses whitenoise's manifest storage)")
        manage(env, "collectstatic", "--noinput")
    print(f"bench: setup done in {time.monotonic() - started:.0f}s")


# --- Load ------------------------------------------------------------------------------


def http_get(
    port: int, path: str, headers: dict[str, str], timeout: float = 5
) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.getheader("Content-Type", ""), resp.read()
    finally:
        conn.close()


def wrk(url: str, headers: dict[str, str], seconds: int) -> str:
    argv = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    for key, value in headers.items():
        argv += ["-H", f"{key}: {value}"]
    proc = subprocess.run([*argv, url], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SetupError(f"wrk failed ({proc.returncode}): {proc.stderr or proc.stdout}")
    return proc.stdout


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def parse_wrk(out: str, result: Result) -> None:
    for pct, value, unit in re.findall(r"^\s*(50|99)%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.M):
        ms = float(value) * _UNITS_MS[unit]
        if pct == "50":
            result.p50_ms = ms
        else:
            result.p99_ms = ms
    if m := re.search(r"Requests/sec:\s+([\d.]+)", out):
        result.rps = float(m.group(1))
    if m := re.search(r"(\d+) requests in", out):
        result.requests = int(m.group(1))
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out):
        result.non_2xx = int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        result.socket_errors = dict(
            zip(("connect", "read", "write", "timeout"), map(int, m.groups()), strict=True)
        )


def run_scenario(scenario: Scenario, server: Server, ctx: Context) -> Result:
    result = Result(scenario)
    headers = scenario.headers(ctx)
    # wrk counts only status >= 400 as errors, so check the real status (a 301 to https,
    # a 302 to a login page) once before loading.
    status, ctype, body = http_get(server.port, scenario.path, headers)
    if status != scenario.expect_status or "json" not in ctype:
        result.problems.append(f"probe got {status} {ctype}: {body[:200]!r}")
        return result
    json.loads(body)
    url = f"http://127.0.0.1:{server.port}{scenario.path}"
    if WARMUP > 0:
        wrk(url, headers, WARMUP)
    out = wrk(url, headers, DURATION)
    parse_wrk(out, result)
    if result.requests == 0:
        result.problems.append("no requests completed")
    if result.non_2xx:
        result.problems.append(f"{result.non_2xx} non-2xx responses")
    errors = {k: v for k, v in result.socket_errors.items() if v}
    if errors.get("connect") or errors.get("timeout"):
        result.problems.append(f"socket errors {errors}")
    return result


def cpu_busy(seconds: float = 1.0) -> float | None:
    """Fraction of CPU time spent busy over `seconds` (Linux /proc/stat), None elsewhere."""

    def sample() -> tuple[int, int]:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields[:8]), idle

    try:
        total1, idle1 = sample()
        time.sleep(seconds)
        total2, idle2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    total = total2 - total1
    return (total - (idle2 - idle1)) / total if total > 0 else None


# --- Report ------------------------------------------------------------------------------


def print_table(results: list[Result]) -> None:
    if not results:
        return
    width = max(len("endpoint"), *(len(r.scenario.name) for r in results))
    print(f"{'endpoint':<{width}}  {'requests/s':>10}  {'p50 ms':>8}  {'p99 ms':>8}  {'errors':>6}")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 8}  {'-' * 8}  {'-' * 6}")
    for r in results:
        errors = r.non_2xx + sum(r.socket_errors.values())
        print(
            f"{r.scenario.name:<{width}}  {r.rps:>10.1f}  {r.p50_ms:>8.2f}  {r.p99_ms:>8.2f}"
            f"  {errors:>6}"
        )
    by_name = {r.scenario.name: r for r in results}
    for num, den in COMPARISONS:
        a, b = by_name.get(num), by_name.get(den)
        if a is None or b is None or not (b.rps and b.p50_ms and b.p99_ms):
            continue
        print(
            f"ratio {num} / {den}: requests/s {a.rps / b.rps:.3f}, "
            f"p50 {a.p50_ms / b.p50_ms:.2f}x, p99 {a.p99_ms / b.p99_ms:.2f}x"
        )


def _raise_exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> int:
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (Debian/Ubuntu: apt-get install wrk)", file=sys.stderr)
        return 2
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _raise_exit)

    unknown = ONLY - {s.name for s in SCENARIOS}
    if unknown:
        names = ", ".join(s.name for s in SCENARIOS)
        print(f"bench: unknown BENCH_ONLY {sorted(unknown)}; scenarios: {names}", file=sys.stderr)
        return 2
    scenarios = [s for s in SCENARIOS if not ONLY or s.name in ONLY]
    env = herald_env()
    servers = build_servers(env)
    needed = {s.server for s in scenarios}
    log_dir = Path(tempfile.mkdtemp(prefix="herald-bench-"))
    keep_logs = False
    results: list[Result] = []
    try:
        if "herald" in needed:
            prepare_herald(env)
        for name in needed:
            servers[name].start(log_dir)
        for name in needed:
            servers[name].wait_ready()
        ctx = Context(token=mint_token(env) if "herald" in needed else "")

        print(
            f"bench: gunicorn {WORKERS} workers x {WORKER_THREADS} threads per server; "
            f"wrk {WRK_THREADS} threads, {CONNECTIONS} connections, "
            f"{WARMUP}s warm-up + {DURATION}s per scenario"
        )
        print(
            "bench: Herald runs with HERALD_ENV=production, PostgreSQL and Redis, except "
            "DJANGO_SECURE_SSL_REDIRECT=false (plain http on loopback) and "
            f"API_THROTTLE_USER={THROTTLE_USER} (the throttle runs but is set not to reject)"
        )
        for scenario in scenarios:
            print(f"bench: loading {scenario.name} ...", flush=True)
            busy = cpu_busy()
            if busy is not None and busy > 0.25:
                print(
                    f"bench: WARNING the CPUs were {busy:.0%} busy just before this scenario: "
                    "other work shares the machine, its figures will be noisy"
                )
            results.append(run_scenario(scenario, servers[scenario.server], ctx))
    except SetupError as exc:
        keep_logs = True
        print(f"bench: setup failed: {exc}", file=sys.stderr)
        if exc.server is not None:
            print(f"--- {exc.server.name} log ---\n{exc.server.log_tail()}", file=sys.stderr)
        return 2
    finally:
        for server in servers.values():
            server.stop()
        if not keep_logs and not any(r.problems for r in results):
            shutil.rmtree(log_dir, ignore_errors=True)

    print()
    print_table(results)
    failed = [r for r in results if r.problems]
    for r in failed:
        print(f"FAIL {r.scenario.name}: {'; '.join(r.problems)}", file=sys.stderr)
        print(
            f"--- {r.scenario.server} log ---\n{servers[r.scenario.server].log_tail()}",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
