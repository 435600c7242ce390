"""Links as evidence: where a URL points and what its query says.

Owns the tolerant URL handling the network detectors share: splitting a URL
that may be malformed, reading its host and query parameters (also when a
pasted body left `&amp;` in them), keeping only the links that point into a
network's domain or imitate it. Pure functions.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from urllib.parse import SplitResult, parse_qsl, urlsplit

from inviteassist.detect.domains import imitates, is_within, normalise_host, remembered
from inviteassist.detect.html_text import Link

MAX_REMEMBERED_URL = 2_000  # longer URLs are read every time, and not kept
REMEMBERED_URLS = 256
# The answers kept are strings, split URLs and dicts nobody changes.
_remembered = remembered(REMEMBERED_URLS, MAX_REMEMBERED_URL)


@_remembered
def split_url(url: str) -> SplitResult | None:
    """`url` split into parts, or None when it is not a usable http(s) URL."""
    candidate = url.strip()
    if "&amp;" in candidate or "&#" in candidate:
        candidate = html.unescape(candidate)
    try:
        parts = urlsplit(candidate)
        host = parts.hostname or ""
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not host:
        return None
    return parts


@_remembered
def url_host(url: str) -> str:
    """The normalised host of `url` ('' when it has none)."""
    parts = split_url(url)
    return normalise_host(parts.hostname or "") if parts else ""


@_remembered
def _first_values(url: str) -> dict[str, str]:
    """Each query parameter of `url` (name lower-cased) with its first value."""
    parts = split_url(url)
    if parts is None:
        return {}
    try:
        pairs = parse_qsl(parts.query, keep_blank_values=True, max_num_fields=200)
    except ValueError:
        return {}
    first: dict[str, str] = {}
    for key, value in pairs:
        first.setdefault(key.lower(), value)
    return first


def first_param(url: str, name: str) -> str | None:
    """The first value of query parameter `name` (case-insensitive name)."""
    return _first_values(url).get(name.lower())


def links_within(links: Iterable[Link], domain: str) -> Iterator[Link]:
    """The links whose host belongs to `domain`."""
    return (link for link in links if is_within(url_host(link.url), domain))


def lookalike_hosts(links: Iterable[Link], domain: str) -> tuple[str, ...]:
    """Hosts of links that imitate `domain` without belonging to it, in order."""
    seen: dict[str, None] = {}
    for link in links:
        host = url_host(link.url)
        if host and imitates(host, domain):
            seen.setdefault(host, None)
    return tuple(seen)
