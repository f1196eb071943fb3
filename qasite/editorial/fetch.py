"""Asking web servers about addresses, for the online link check, with httpx.

At most ``per_host`` requests at a time to one host; a timeout for each read and three times
that for a whole request (a server that trickles never holds a run); up to ``retries`` more
tries, after a pause doubling from ``backoff`` seconds, for what may pass (timeouts, failed
connections, a name server failing for now, 429 and 502-504 answers); HEAD first, then GET
(the body never read) when a server answers HEAD with an error, as some refuse HEAD.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import dataclasses
import socket
from collections import defaultdict
from dataclasses import dataclass

import httpx

MAX_HOPS = 10
RETRY_STATUSES = frozenset({429, 502, 503, 504})
NO_HOST = "no such host"
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"


@dataclass(frozen=True)
class Policy:
    """How politely and how patiently to ask."""

    user_agent: str
    timeout: float = 10.0  # seconds for each read
    retries: int = 2
    backoff: float = 1.0
    per_host: int = 2


@dataclass(frozen=True)
class Result:
    status: int = 0  # the last answer's HTTP status; 0: no answer came
    final: str = ""  # the address the redirects ended at
    error: str = ""  # why no answer came
    tries: int = 1
    retry: bool = False  # worth another try (a timeout, 503...)


def host(address: str) -> tuple[str, int | None]:
    """The host an address is on (``www.`` aside) and its port when not the default."""
    url = httpx.URL(address)
    return url.host.removeprefix("www."), url.port


def fetch_all(asks: dict[str, tuple[str, bool]], policy: Policy) -> dict[str, Result]:
    """The result of each ask: key -> (address, whether to follow its redirects)."""
    # A thread of its own: the caller may already run an event loop (a browser driver, a server).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _fetch_all(asks, policy)).result()


async def _fetch_all(asks: dict[str, tuple[str, bool]], policy: Policy) -> dict[str, Result]:
    hosts = defaultdict(lambda: asyncio.Semaphore(policy.per_host))
    headers = {"User-Agent": policy.user_agent, "Accept": ACCEPT}
    async with httpx.AsyncClient(timeout=policy.timeout, headers=headers) as client:
        results = await asyncio.gather(
            *(_fetch(client, address, follow, policy, hosts) for address, follow in asks.values())
        )
    return dict(zip(asks, results, strict=True))


async def _fetch(client, address: str, follow: bool, policy: Policy, hosts) -> Result:
    """The address asked up to 1 + ``retries`` times while the failure may pass."""
    for attempt in range(policy.retries + 1):
        if attempt:
            await asyncio.sleep(policy.backoff * 2 ** (attempt - 1))
        result = await _follow(client, address, follow, policy, hosts)
        if not result.retry:
            break
    return dataclasses.replace(result, tries=attempt + 1)


async def _follow(client, address: str, follow: bool, policy: Policy, hosts) -> Result:
    """The address asked, and its redirects followed when ``follow``."""
    for _ in range(MAX_HOPS):
        try:
            async with hosts[host(address)], asyncio.timeout(policy.timeout * 3):
                status, location = await _ask(client, address)
        except (httpx.HTTPError, httpx.InvalidURL, TimeoutError) as exc:
            error, retry = _failure(exc, policy)
            return Result(final=address, error=error, retry=retry)
        if not (follow and 300 <= status < 400 and location):
            return Result(status, address, retry=status in RETRY_STATUSES)
        address = str(httpx.URL(address).join(location))
    return Result(status, address, error=f"more than {MAX_HOPS} redirects")


async def _ask(client: httpx.AsyncClient, address: str) -> tuple[int, str]:
    response = await client.head(address)
    if response.status_code >= 400:  # some servers refuse HEAD: ask again with GET
        async with client.stream("GET", address) as response:
            pass  # the status and headers are enough; the body is never read
    return response.status_code, response.headers.get("location", "")


def _failure(exc: BaseException, policy: Policy) -> tuple[str, bool]:
    """Why no answer came, and whether another try may get one."""
    if isinstance(exc, (TimeoutError, httpx.TimeoutException)):
        return f"no answer within {policy.timeout:g} s", True
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, socket.gaierror):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        if cause.errno == socket.EAI_AGAIN:
            return f"{NO_HOST} for now (DNS lookup failed, may pass)", True
        return f"{NO_HOST} (DNS lookup failed)", False
    if isinstance(exc, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
        return f"not an address that can be fetched ({exc})", False
    reason = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.ConnectError):
        return f"no connection ({reason})", True
    return f"no answer ({reason})", True
