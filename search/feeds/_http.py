"""The HTTP client with manners: timeouts, a size cap enforced while the body
streams in, at most five redirects (each hop checked), conditional GET, only
``http``/``https``, at most one connection per host at a time, and a
User-Agent that names newsdesk."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from typing import Protocol
from urllib.parse import urljoin, urlsplit

MAX_BYTES = 10 * 1024 * 1024  # per response
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0  # seconds
READ_TIMEOUT = 20.0  # seconds without a byte
TOTAL_TIMEOUT = 60.0  # seconds for one response, however it trickles in
MAX_CONNECTIONS = 4  # at once, over all hosts

_REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(Exception):
    """A URL could not be had; the message is one line saying why."""


def _version() -> str:
    try:
        return metadata.version("newsdesk")
    except metadata.PackageNotFoundError:
        return "0.1.0"


USER_AGENT = f"newsdesk/{_version()} (terminal news reader; python-httpx)"


@dataclass(frozen=True)
class Response:
    """A finished GET: the final URL (after redirects), status and body."""

    url: str
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip("\"' ")
        return None


class Client(Protocol):
    """What the fetchers need of an HTTP client (tests may hand in a double)."""

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response: ...


def check_url(url: str) -> str:
    """``url`` if it is an absolute http(s) address; otherwise :class:`FetchError`."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https addresses are fetched, not {parts.scheme or 'a bare path'!r} ({url})")
    if not parts.hostname:
        raise FetchError(f"no host in {url!r}")
    return url.strip()


class HttpClient:
    """An ``httpx`` client with newsdesk's manners; thread-safe, one per run."""

    def __init__(
        self,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        total_timeout: float = TOTAL_TIMEOUT,
        max_bytes: int = MAX_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        user_agent: str = USER_AGENT,
    ) -> None:
        import httpx

        self._httpx = httpx
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.total_timeout = total_timeout
        self.user_agent = user_agent
        self._client = httpx.Client(
            timeout=httpx.Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout, pool=None),
            follow_redirects=False,  # followed by hand: each hop is checked and counted
            limits=httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_CONNECTIONS),
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            trust_env=False,
        )
        self._hosts: dict[str, threading.Lock] = {}
        self._hosts_lock = threading.Lock()

    def _host_lock(self, url: str) -> threading.Lock:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.hostname}:{parts.port or ''}".lower()
        with self._hosts_lock:
            return self._hosts.setdefault(key, threading.Lock())

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (conditionally, when ``etag``/``last_modified`` are known)."""
        current = check_url(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen = {current}
        for _hop in range(self.max_redirects + 1):
            with self._host_lock(current):
                status, location, body, response_headers = self._one(current, headers)
            if status in _REDIRECTS and location:
                target = check_url(urljoin(current, location))
                if target in seen:
                    raise FetchError(f"redirect loop at {target}")
                seen.add(target)
                current = target
                continue
            if status == 304:
                return Response(current, status, b"", response_headers)
            if status >= 400:
                raise FetchError(f"HTTP {status} from {current}")
            return Response(current, status, body, response_headers)
        raise FetchError(f"more than {self.max_redirects} redirects from {url}")

    def _one(self, url: str, headers: dict[str, str]) -> tuple[int, str | None, bytes, dict[str, str]]:
        httpx = self._httpx
        started = time.monotonic()
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                found = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code in _REDIRECTS or response.status_code == 304 or response.status_code >= 400:
                    return response.status_code, found.get("location"), b"", found
                declared = found.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"response larger than {_megabytes(self.max_bytes)} from {url}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"response larger than {_megabytes(self.max_bytes)} from {url}")
                    if time.monotonic() - started > self.total_timeout:
                        raise FetchError(f"took more than {self.total_timeout:g} s: {url}")
                    chunks.append(chunk)
                return response.status_code, None, b"".join(chunks), found
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out ({type(exc).__name__}): {url}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {str(exc) or 'request failed'} ({url})") from None

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB" if size >= 1024 * 1024 else f"{size} bytes"
