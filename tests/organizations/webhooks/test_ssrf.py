"""The SSRF guard: only public addresses, every resolved address checked, https in production."""

from __future__ import annotations

import socket

import pytest
from django.core.exceptions import ValidationError

from organizations.webhooks.ssrf import UnsafeUrlError, check_url


@pytest.fixture(autouse=True)
def _guard_on(settings):
    settings.HERALD_WEBHOOKS_ALLOW_PRIVATE = False
    settings.PRODUCTION = False


def _resolves_to(monkeypatch, *addresses: str) -> None:
    """Answer DNS look-ups from a fixed table: no resolver and no traffic involved."""

    def fake_getaddrinfo(host, port, *args, **kwargs):
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port),
            )
            for address in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1/hook", "loopback"),
        ("http://127.9.9.9:8080/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),
        ("http://10.0.0.5/hook", "private"),
        ("http://172.16.3.4/hook", "private"),
        ("http://192.168.1.10/hook", "private"),
        ("http://[fd00::1]/hook", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/hook", "link-local"),
        ("http://224.0.0.1/hook", "multicast"),
        ("http://0.0.0.0/hook", "unspecified"),
        ("http://240.0.0.1/hook", "reserved"),
        ("http://100.64.0.1/hook", "non-public"),
    ],
)
def test_internal_addresses_are_refused(url, reason):
    with pytest.raises(UnsafeUrlError, match=reason):
        check_url(url)


def test_a_host_name_resolving_to_a_private_address_is_refused(monkeypatch):
    _resolves_to(monkeypatch, "10.20.30.40")

    with pytest.raises(UnsafeUrlError, match=r"hooks\.example\.com resolves to 10\.20\.30\.40"):
        check_url("https://hooks.example.com/in")


def test_every_resolved_address_is_checked_not_only_the_first(monkeypatch):
    _resolves_to(monkeypatch, "93.184.216.34", "2606:2800:220:1::1", "169.254.169.254")

    with pytest.raises(UnsafeUrlError, match="link-local"):
        check_url("https://hooks.example.com/in")


def test_a_public_host_is_accepted_and_its_addresses_kept(monkeypatch):
    _resolves_to(monkeypatch, "93.184.216.34", "2606:2800:220:1::1")

    target = check_url("https://hooks.example.com:8443/in?source=herald")

    assert target.host == "hooks.example.com"
    assert target.port == 8443
    assert target.path == "/in?source=herald"
    assert target.addresses == ("93.184.216.34", "2606:2800:220:1::1")


def test_an_unresolvable_host_is_refused(monkeypatch):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)

    with pytest.raises(UnsafeUrlError, match="could not be resolved"):
        check_url("https://nowhere.example.com/")


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "example.com/hook", ""],
)
def test_other_schemes_and_malformed_urls_are_refused(url):
    with pytest.raises(UnsafeUrlError):
        check_url(url)


def test_credentials_in_the_url_are_refused(monkeypatch):
    _resolves_to(monkeypatch, "93.184.216.34")

    with pytest.raises(UnsafeUrlError, match="credentials"):
        check_url("https://user:pass@hooks.example.com/in")


def test_production_accepts_https_only(settings, monkeypatch):
    settings.PRODUCTION = True
    _resolves_to(monkeypatch, "93.184.216.34")

    with pytest.raises(UnsafeUrlError, match="https://"):
        check_url("http://hooks.example.com/in")
    assert check_url("https://hooks.example.com/in").scheme == "https"


def test_outside_production_plain_http_is_accepted(monkeypatch):
    _resolves_to(monkeypatch, "93.184.216.34")

    assert check_url("http://hooks.example.com/in").scheme == "http"


def test_the_allow_setting_lets_private_receivers_through(settings):
    settings.HERALD_WEBHOOKS_ALLOW_PRIVATE = True

    assert check_url("http://127.0.0.1:9000/hook").addresses == ("127.0.0.1",)


def test_registering_an_endpoint_refuses_internal_urls(org, admin):
    from organizations.webhooks.services import webhook_endpoint_create

    with pytest.raises(ValidationError) as excinfo:
        webhook_endpoint_create(org=org, actor=admin, url="http://169.254.169.254/latest/")

    assert "link-local" in excinfo.value.message_dict["url"][0]


def test_registering_an_http_endpoint_in_production_is_refused(org, admin, settings, monkeypatch):
    from organizations.webhooks.services import webhook_endpoint_create

    settings.PRODUCTION = True
    _resolves_to(monkeypatch, "93.184.216.34")

    with pytest.raises(ValidationError) as excinfo:
        webhook_endpoint_create(org=org, actor=admin, url="http://hooks.example.com/in")
    assert "https://" in excinfo.value.message_dict["url"][0]

    endpoint = webhook_endpoint_create(org=org, actor=admin, url="https://hooks.example.com/in")
    assert endpoint.url == "https://hooks.example.com/in"


def test_the_guard_runs_again_at_send_time(org, admin, receiver, settings):
    """Saved while allowed (or while DNS said public), refused when sending: nothing is sent."""
    from organizations.models import WebhookAttempt
    from organizations.webhooks.services import webhook_delivery_attempt, webhook_endpoint_create
    from tests.organizations.webhooks.conftest import queue_delivery

    settings.HERALD_WEBHOOKS_ALLOW_PRIVATE = True
    endpoint = webhook_endpoint_create(org=org, actor=admin, url=receiver.url)
    delivery = queue_delivery(org, endpoint)
    settings.HERALD_WEBHOOKS_ALLOW_PRIVATE = False

    result = webhook_delivery_attempt(delivery_id=delivery.pk)

    assert receiver.requests == []
    assert result.status == "pending"
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.status_code is None
    assert attempt.error.startswith("Refused:")
    assert "loopback" in attempt.error
