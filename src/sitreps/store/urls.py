"""Canonical URLs: one article reached by two spellings of its address is stored once."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "ref", "at_")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no ``www.``, default port, fragment or tracking parameters,
    sorted query, no trailing slash; ``http`` and ``https`` are the same article."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING)
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (
            "https" if parts.scheme in ("http", "https") else parts.scheme.lower(),
            host,
            path,
            urlencode(query),
            "",
        )
    )


def url_key(url: str) -> str:
    """The indexed key of an address (articles, feeds): sha1 of its canonical form."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()
