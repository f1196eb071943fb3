"""What the preview server accepts: the address it binds, the Host of each request, and the
files it serves. Pure checks, used by `serve.py`.

A preview holds drafts and the build's errors, so it listens on loopback unless told otherwise
(`--public`), and it answers only requests addressed to a name that cannot be a DNS-rebinding
attacker's: a loopback name or address, the address it was asked to bind, or (with `--public`)
any IP address or this machine's own name. A page on evil.example that makes its name resolve
to 127.0.0.1 still sends `Host: evil.example`, and is refused.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from pathlib import Path

PORTS = range(0, 65536)


class BindError(SystemExit):
    """The preview cannot listen where it was asked: one line, given before any build."""


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def _name(host: str) -> str:
    """A host name or address as compared: lower case, no brackets, no final dot."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    return host.rstrip(".")


def _is_loopback_name(name: str) -> bool:
    # RFC 6761: "localhost" and every name below it are the machine itself.
    return name == "localhost" or name.endswith(".localhost")


def check_bind(address: str, port: int, public: bool) -> None:
    """Only loopback unless ``public`` (drafts are not meant to be seen), and a real port."""
    if port not in PORTS:
        raise BindError(f"cannot serve on port {port}: a port is a number from 0 to 65535")
    ip = _ip(_name(address))
    # Only the plain name: "localhost." or "x.localhost" may be looked up in the DNS.
    loopback = ip.is_loopback if ip else address == "localhost"
    if not loopback and not public:
        raise BindError(
            f"refusing to serve on {address!r}: add --public to serve beyond this "
            "machine (drafts and unpublished answers would be visible)"
        )


def family(address: str) -> socket.AddressFamily:
    """IPv6 for an IPv6 address (``::1``), IPv4 otherwise (names resolve to IPv4)."""
    ip = _ip(_name(address))
    return socket.AF_INET6 if ip and ip.version == 6 else socket.AF_INET


def bind_error(exc: OSError | OverflowError, address: str, port: int) -> BindError:
    """The one line that says why the socket could not be bound."""
    if isinstance(exc, socket.gaierror):
        reason = f"{address!r} is not an address of this machine ({exc.strerror})"
    elif getattr(exc, "errno", None) == errno.EADDRINUSE:
        reason = "the port is already in use (choose another with --port N, or --port 0)"
    elif getattr(exc, "errno", None) == errno.EADDRNOTAVAIL:
        reason = f"{address!r} is not an address of this machine"
    elif getattr(exc, "errno", None) == errno.EACCES:
        reason = "permission denied (ports below 1024 need root; choose another with --port N)"
    else:
        reason = getattr(exc, "strerror", None) or str(exc)
    return BindError(f"cannot serve on {address} port {port}: {reason}")


def host_allowed(header: str | None, bind: str, public: bool) -> bool:
    """Whether a request's Host header names this server in a way no rebinding page can."""
    if not header or any(c.isspace() or c in "/\\@?#" for c in header.strip()):
        return False
    host = header.strip()
    if host.startswith("["):
        host = host.partition("]")[0] + "]"  # "[::1]:8000" -> "[::1]"
    elif host.count(":") == 1:
        host = host.partition(":")[0]  # "localhost:8000" -> "localhost"
    name = _name(host)
    if not name:
        return False
    if _is_loopback_name(name) or name == _name(bind):
        return True
    ip = _ip(name)
    if ip is not None:
        return ip.is_loopback or public
    return public and name in {_name(socket.gethostname()), _name(socket.getfqdn())}


def link_below(root: Path, target: Path) -> Path | None:
    """The first symbolic link on the way from ``root`` down to ``target``, if any: the preview
    never follows one (a link placed in its folder could point at any file)."""
    try:
        parts = target.relative_to(root).parts
    except ValueError:
        return target
    current = root
    for part in parts:
        current = current / part
        if os.path.islink(current):
            return current
    return None
