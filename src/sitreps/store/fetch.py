"""Fetch one article by URL for ``sitreps ingest URL`` and ``POST /articles``: safely.

Why the care: the API lets a client make the server fetch a URL, which without checks is a way
into the server's own network (SSRF). So: http(s) only, every address the host resolves to must
be public (no private, loopback, link-local, reserved or multicast ranges) unless
``allow_private``, the connection goes to the address that was checked (no DNS rebinding between
check and connect; TLS still verifies the real host name), redirects are followed by hand and
checked the same way, and timeouts and a size cap bound the work.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from sitreps.extract.decode import split_content_type
from sitreps.model import RawDocument

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
USER_AGENT = "sitreps/0.1 (+https://github.com/; conflict event coding)"
CONTENT_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "txt",
    "text/markdown": "md",
    "text/x-markdown": "md",
}


class FetchError(Exception):
    """A URL that cannot or may not be fetched; the message says why."""


class NotModified(FetchError):
    """304: the copy we hold (by its ETag / Last-Modified) is still current."""


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def _public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to; refuses hosts with any non-public address."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc.strerror}") from None
    addrs = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not addrs:
        raise FetchError(f"host {host!r} has no address")
    if not allow_private:
        bad = [str(a) for a in addrs if not _public(a)]
        if bad:
            raise FetchError(
                f"refusing to fetch {host!r}: private or loopback address {bad[0]} "
                "(use --allow-private to permit)"
            )
    return str(addrs[0])


def _pinned(url: str, allow_private: bool) -> tuple[str, dict[str, str], dict]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'none'!r}")
    if not parts.hostname:
        raise FetchError(f"URL has no host: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    ip = resolve(parts.hostname, port, allow_private=allow_private)
    netloc = (f"[{ip}]" if ":" in ip else ip) + (f":{parts.port}" if parts.port else "")
    host_header = parts.hostname + (f":{parts.port}" if parts.port else "")
    ext = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    return urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, "")), {"Host": host_header}, ext


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_BYTES,
    client: httpx.Client | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
) -> RawDocument:
    """GET ``url`` (following up to MAX_REDIRECTS checked redirects) as a RawDocument. With the
    validators of a copy already read (``etag``, ``last_modified``) the request is conditional and
    raises :class:`NotModified` on 304; the answer's validators are in ``meta``."""
    conditional = {
        **({"If-None-Match": etag} if etag else {}),
        **({"If-Modified-Since": last_modified} if last_modified else {}),
    }
    own = client is None
    client = client or httpx.Client(
        timeout=TIMEOUT, follow_redirects=False, headers={"User-Agent": USER_AGENT}
    )
    try:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            target, headers, ext = _pinned(current, allow_private)
            try:
                with client.stream("GET", target, headers={**headers, **conditional}, extensions=ext) as resp:
                    if resp.status_code == 304:
                        raise NotModified(f"{current} not modified since it was last read")
                    if resp.is_redirect:
                        loc = resp.headers.get("location")
                        if not loc:
                            raise FetchError(f"redirect without a Location from {current}")
                        current = urljoin(current, loc)
                        continue
                    if resp.status_code >= 400:
                        raise FetchError(f"HTTP {resp.status_code} from {current}")
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"page too large ({int(declared)} bytes > {max_bytes})")
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body.extend(chunk)
                        if len(body) > max_bytes:
                            raise FetchError(f"page too large (over {max_bytes} bytes)")
                    ctype, charset = split_content_type(resp.headers.get("content-type"))
            except httpx.HTTPError as exc:
                raise FetchError(f"cannot fetch {current}: {type(exc).__name__}: {exc}") from None
            fmt = CONTENT_FORMATS.get(ctype, "")
            meta = {"content_type": ctype, **({"charset": charset} if charset else {})}
            for key, header in (("etag", "etag"), ("last_modified", "last-modified")):
                if resp.headers.get(header):
                    meta[key] = resp.headers[header]
            return RawDocument(source=url, content=bytes(body), format=fmt, url=current, meta=meta)
        raise FetchError(f"too many redirects from {url}")
    finally:
        if own:
            client.close()
