"""`--online`: open each link of the submission once and say whether it still leads where it should.

Off by default (SPEC §6: offline unless asked). When on, the rule file's `online:` section decides
everything that touches the network:

- Only hosts on `online.hosts` (and their subdomains) are contacted; a redirect to any other host
  is not followed. Every host is resolved first and refused when one of its addresses is loopback,
  private, link-local, multicast, reserved or unspecified (a link in a submission must never make
  jdcheck probe the operator's office network), unless `--allow-private`. The request then goes to
  the address that was checked (Host header and TLS server name kept), so a second DNS answer
  cannot swap in another address between the check and the connection.
- Timeouts on every request, at most `max_concurrency` requests at once, at most
  `per_host_per_second` requests to one host, `retries` retries with doubling backoff after a
  timeout, a dropped connection or a 5xx answer.
- Each URL is fetched once per run (cache), with GET and the body never read: JD's item pages
  answer HEAD inconsistently, and only the status and the redirect chain matter.

What an answer means is left to the L007 check (checks/online.py): this module only fetches.
httpx is imported lazily and is an optional extra (`pip install "jdcheck[online]"`).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit

from jdcheck.messages.errors import Failure

from jdcheck.rulefile import OnlineRules

Outcome = Literal["ok", "failed", "unverified", "refused", "left_allowlist", "not_allowed"]

USER_AGENT = "jdcheck (+https://github.com/; pre-flight link check)"


class OnlineUnavailable(Failure):
    """--online was asked for but httpx is not installed: a usage error (exit 2)."""


def require_httpx() -> None:
    try:
        import httpx  # noqa: F401
    except ImportError:
        raise OnlineUnavailable("online_httpx") from None


@dataclass(frozen=True, slots=True)
class LinkStatus:
    """What fetching one URL gave.

    outcome: "ok" (a 2xx answer at the end of the redirect chain), "failed" (no answer, an error
    status, too many redirects), "unverified" (403/429: JD's anti-crawling, the link may be fine),
    "refused" (the host resolves to a private/loopback address), "left_allowlist" (a redirect
    to a host that is not on the allowlist: not followed), "not_allowed" (the link's own host is
    not on the allowlist: not fetched at all).
    """

    url: str
    outcome: Outcome
    detail: str = ""
    final_url: str | None = None
    status: int | None = None


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def host_allowed(host: str, allowlist: Iterable[str]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == entry or host.endswith("." + entry) for entry in (e.lower().strip(".") for e in allowlist))


def blocked_address(address: str) -> bool:
    """True for an address a submitted link must not make jdcheck connect to."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
        or ip.is_reserved or ip.is_unspecified or not ip.is_global
    )


@dataclass
class _HostPace:
    """Spaces the requests to one host `interval` seconds apart, across threads."""

    interval: float
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_slot: float = 0.0

    def wait(self) -> None:
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.next_slot)
            self.next_slot = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class LinkVerifier:
    """Fetches URLs under the rule file's online policy; one instance per run (its cache)."""

    def __init__(self, rules: OnlineRules, *, allow_private: bool = False, resolver: Resolver | None = None):
        require_httpx()
        self.rules = rules
        self.allow_private = allow_private
        self.resolver = resolver or system_resolver
        self._cache: dict[str, LinkStatus] = {}
        self._paces: dict[str, _HostPace] = {}
        self._paces_lock = threading.Lock()

    def verify(self, urls: Iterable[str]) -> dict[str, LinkStatus]:
        """Status of every URL; each distinct URL is fetched at most once per verifier."""
        import httpx

        wanted = list(dict.fromkeys(urls))
        todo = [url for url in wanted if url not in self._cache][: self.rules.max_links]
        if todo:
            timeout = httpx.Timeout(self.rules.timeout)
            # trust_env=False: an HTTP(S)_PROXY in the environment would route around the address
            # check; follow_redirects=False: every hop is checked here.
            with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False,
                              headers={"User-Agent": USER_AGENT}) as client:
                with ThreadPoolExecutor(max_workers=self.rules.max_concurrency) as pool:
                    for url, status in zip(todo, pool.map(lambda u: self._fetch(client, u), todo)):
                        self._cache[url] = status
        skipped = f"more than {self.rules.max_links} links in one run (online.max_links): not fetched"
        return {url: self._cache.get(url) or LinkStatus(url, "unverified", skipped) for url in wanted}

    # ── one URL ──────────────────────────────────────────────────────────────────────────────

    def _fetch(self, client, url: str) -> LinkStatus:
        current = url
        for hop in range(self.rules.max_redirects + 1):
            parts = urlsplit(current)
            host = (parts.hostname or "").lower()
            if parts.scheme not in ("http", "https") or not host:
                return LinkStatus(url, "failed", "not an http(s) address", current)
            if not host_allowed(host, self.rules.hosts):
                if hop == 0:
                    return LinkStatus(url, "not_allowed", f"{host} is not on the rule file's online.hosts")
                return LinkStatus(url, "left_allowlist", f"redirects to {host}", current)
            port = parts.port or (443 if parts.scheme == "https" else 80)
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                return LinkStatus(url, "failed", f"host not found ({host}: {_short(exc)})", current)
            if not addresses:
                return LinkStatus(url, "failed", f"host not found ({host})", current)
            if not self.allow_private and any(blocked_address(a) for a in addresses):
                return LinkStatus(url, "refused", f"{host} resolves to a private or local address", current)
            answer = self._request(client, current, host, addresses[0])
            if isinstance(answer, LinkStatus):
                return LinkStatus(url, answer.outcome, answer.detail, current)
            status, location = answer
            if 300 <= status < 400 and location:
                current = urljoin(current, location)
                continue
            if status in (403, 429):
                return LinkStatus(url, "unverified", f"HTTP {status}: the site refused an automatic check", current, status)
            if status >= 400 or status < 200:
                return LinkStatus(url, "failed", f"HTTP {status}", current, status)
            return LinkStatus(url, "ok", f"HTTP {status}", current, status)
        return LinkStatus(url, "failed", f"more than {self.rules.max_redirects} redirects", current)

    def _request(self, client, url: str, host: str, address: str) -> tuple[int, str | None] | LinkStatus:
        """(status, Location) of one GET to `address`, with retries; a LinkStatus when it fails."""
        import httpx

        parts = urlsplit(url)
        try:
            pinned = httpx.URL(url).copy_with(host=address)
        except httpx.InvalidURL as exc:
            return LinkStatus(url, "failed", f"not a valid address ({_short(exc)})")
        headers = {"Host": parts.netloc.rsplit("@", 1)[-1]}
        extensions = {"sni_hostname": host}
        detail = ""
        for attempt in range(self.rules.retries + 1):
            if attempt:
                time.sleep(self.rules.backoff * 2 ** (attempt - 1))
            self._pace(host).wait()
            try:
                request = client.build_request("GET", pinned, headers=headers, extensions=extensions)
                response = client.send(request, stream=True)
                try:
                    status, location = response.status_code, response.headers.get("location")
                finally:
                    response.close()
            except httpx.TimeoutException:
                detail = f"no answer within {self.rules.timeout:g} s"
                continue
            except httpx.TransportError as exc:  # refused, reset, TLS failure, protocol error
                detail = f"connection failed ({_short(exc) or type(exc).__name__})"
                continue
            if status >= 500:
                detail = f"HTTP {status}"
                continue
            return status, location
        return LinkStatus(url, "failed", detail)

    def _pace(self, host: str) -> _HostPace:
        with self._paces_lock:
            pace = self._paces.get(host)
            if pace is None:
                pace = self._paces[host] = _HostPace(1.0 / self.rules.per_host_per_second)
            return pace


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 120 else text[:117] + "…"
