"""Server-side request forgery guard for outgoing webhooks.

A webhook URL is chosen by a customer, and Herald's workers sit inside a private network
(database, Redis, the cloud provider's metadata service at 169.254.169.254). So a URL is only
accepted, and only called, when every address its host name resolves to is a public unicast
address. The check runs when an endpoint is saved and again before every delivery (DNS can
change in between), and the delivery connects to the very address that was checked, so a
second lookup cannot swap it for a private one (DNS rebinding).

`HERALD_WEBHOOKS_ALLOW_PRIVATE` turns the address check off: for tests and for self-hosted
installations whose receivers live on the private network. Outside production plain `http`
is accepted as well.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class UnsafeUrlError(ValueError):
    """The URL must not be called; the message says why, in words for the customer."""


@dataclass(frozen=True)
class ResolvedUrl:
    url: str
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def private_addresses_allowed() -> bool:
    return bool(getattr(settings, "HERALD_WEBHOOKS_ALLOW_PRIVATE", False))


def https_required() -> bool:
    return bool(getattr(settings, "PRODUCTION", False))


def address_refusal(address: IPAddress) -> str | None:
    """Why this address must not be called, or None when it is a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address (such as a cloud metadata service)"
    if address.is_multicast:
        return "a multicast address"
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:  # shared address space (100.64.0.0/10) and the like
        return "a non-public address"
    return None


def _parse(url: str) -> SplitResult:
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  # raises ValueError on a malformed port
    except ValueError as exc:
        raise UnsafeUrlError("Enter a valid URL.") from exc
    allowed = ("https",) if https_required() else ("https", "http")
    if parts.scheme not in allowed:
        raise UnsafeUrlError(
            "The URL must start with https://."
            if https_required()
            else "The URL must start with https:// or http://."
        )
    if not parts.hostname:
        raise UnsafeUrlError("The URL needs a host name.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrlError("Put credentials in your receiver's checks, not in the URL.")
    return parts


def resolve(host: str, port: int) -> tuple[str, ...]:
    """Every address `host` resolves to, in the resolver's order, without duplicates."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrlError(f"The host name {host} could not be resolved.") from exc
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    if not seen:
        raise UnsafeUrlError(f"The host name {host} could not be resolved.")
    return tuple(seen)


def check_url(url: str, *, resolve_host: bool = True) -> ResolvedUrl:
    """Validate `url` and resolve its host; raise `UnsafeUrlError` when it must not be called.

    With `resolve_host=False` and private addresses allowed, no DNS lookup happens (saving an
    endpoint whose host only resolves where the workers run).
    """
    parts = _parse(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    allow_private = private_addresses_allowed()
    addresses: tuple[str, ...] = ()
    if resolve_host or not allow_private:
        addresses = resolve(host, port)
    if not allow_private:
        for text in addresses:
            reason = address_refusal(ipaddress.ip_address(text.split("%", 1)[0]))
            if reason:
                raise UnsafeUrlError(
                    f"The host {host} resolves to {text}, {reason}: webhooks are only sent "
                    "to public addresses."
                )
    return ResolvedUrl(
        url=url.strip(),
        scheme=parts.scheme,
        host=host,
        port=port,
        path=path,
        addresses=addresses,
    )
