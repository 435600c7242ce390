"""Domain names as evidence: who a host belongs to, and who it imitates.

Owns the one rule shared by `authenticity` and the network detectors: a host
belongs to a network's domain when it *is* that domain or a subdomain of it,
compared label by label (never by substring), so `mailb.linkedin.com` belongs
to `linkedin.com` while `linkedin.com.evil.example` and `notlinkedin.com` do
not. It also spots lookalikes (`linkedln.com`, `linkedin-mail.com`), which are
a phishing signal rather than a network. Pure functions, no DNS.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from typing import TypeVar

# Characters that phishing domains swap in for the letters they imitate.
_CONFUSABLES = str.maketrans({
    "0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "3": "e", "5": "s", "$": "s",
    "4": "a", "@": "a", "7": "t", "ı": "l", "í": "l", "ì": "l", "ï": "l", "ĺ": "l",
    "ł": "l", "о": "o", "е": "e", "а": "a", "с": "c", "р": "p", "і": "l", "ո": "n",
})
_MULTI_CONFUSABLES = (("rn", "m"), ("vv", "w"), ("cl", "d"))
# Brands this long are matched loosely; shorter ones only as a whole word.
FUZZY_BRAND_LENGTH = 6
MAX_REMEMBERED_HOST = 255  # a DNS name has at most 253 characters
REMEMBERED_HOSTS = 512
_HOST_CHARS = re.compile(r"[^a-z0-9.\-\u0080-\uffff]")
T = TypeVar("T")


def remembered(maxsize: int, longest: int) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A pure function of text with its last `maxsize` answers kept, for a
    first argument of at most `longest` characters: the detectors of one
    message ask about the same hosts and links several times, and they recur
    from message to message; a longer value is worked out every time and not
    kept. The answers must be immutable (or never changed by anybody)."""
    def keep(work: Callable[..., T]) -> Callable[..., T]:
        kept = functools.lru_cache(maxsize=maxsize)(work)

        @functools.wraps(work)
        def answer(first: str, *rest: str) -> T:
            return kept(first, *rest) if len(first) <= longest else work(first, *rest)

        return answer

    return keep


def normalise_host(host: str) -> str:
    """Lower-case, strip brackets, whitespace and the root dot; IDNA-decode labels."""
    cleaned = host.strip().strip("[]<>").rstrip(".").lower()
    labels = []
    for label in cleaned.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


def ascii_host(host: str) -> str:
    """`host` in ASCII (punycode) form, so a homograph cannot pass as the real name."""
    labels = []
    for label in normalise_host(host).split("."):
        try:
            labels.append(label.encode("idna").decode("ascii") if not label.isascii() else label)
        except UnicodeError:
            labels.append(label.encode("ascii", "backslashreplace").decode("ascii"))
    return ".".join(labels)


def domain_of(address: str) -> str:
    """The normalised domain of an e-mail address or `@domain` ('' when none)."""
    _, at, domain = address.strip().strip("<>").rpartition("@")
    return normalise_host(domain) if at else ""


@remembered(REMEMBERED_HOSTS, MAX_REMEMBERED_HOST)
def is_within(host: str, domain: str) -> bool:
    """True when `host` is `domain` or one of its subdomains (label-wise)."""
    host, domain = normalise_host(host), normalise_host(domain)
    if not host or not domain or _HOST_CHARS.search(host):
        return False
    return host == domain or host.endswith("." + domain)


def address_within(address: str, domain: str) -> bool:
    """True when the e-mail address's domain belongs to `domain`."""
    return is_within(domain_of(address), domain)


def _skeleton(text: str) -> str:
    folded = text.lower().translate(_CONFUSABLES).replace("-", "").replace("_", "")
    for pair, single in _MULTI_CONFUSABLES:
        folded = folded.replace(pair, single)
    return folded


def _within_one_edit(left: str, right: str) -> bool:
    if abs(len(left) - len(right)) > 1:
        return False
    if len(left) == len(right):
        return sum(a != b for a, b in zip(left, right, strict=True)) <= 1
    shorter, longer = sorted((left, right), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def brand_of(domain: str) -> str:
    """The label that names the brand of a domain: 'linkedin' for 'linkedin.com'."""
    labels = normalise_host(domain).split(".")
    return labels[-2] if len(labels) >= 2 else labels[0]


def _resembles(word: str, brand: str) -> bool:
    """`word` (a host label or a display-name word) passes for the folded `brand`.

    Long brands are matched loosely (contained, or one edit away); a short
    brand such as 'xing' only by a whole hyphen-separated part, since 'king',
    'mixing' or a person called Xing would otherwise all pass for it.
    """
    if len(brand) >= FUZZY_BRAND_LENGTH:
        folded = _skeleton(word)
        return brand in folded or (len(word) > 3 and _within_one_edit(folded, brand))
    return any(_skeleton(part) == brand for part in re.split(r"[-_]", word) if part)


def imitates(host: str, domain: str) -> bool:
    """True when `host` is not within `domain` but looks made to be taken for it.

    A label whose confusable-folded form passes for the brand (see
    `_resembles`) imitates it: `linkedln.com`, `linkedin-mail.com`,
    `linkedin.com.evil.example`, `notlinkedin.com`, `llnkedin.com`, `xing-mail.com`.
    """
    host = normalise_host(host)
    if not host or is_within(host, domain):
        return False
    brand = _skeleton(brand_of(domain))
    if len(brand) < 4:
        return False
    return any(_resembles(label, brand) for label in host.split("."))


def mentions_brand(text: str, domain: str) -> bool:
    """True when free text (a display name) names or imitates the domain's brand.

    A short brand counts only in capitals, as it writes itself ('XING'), so that
    a person called Xing Li does not pass for the network.
    """
    brand = _skeleton(brand_of(domain))
    words = [w for w in re.split(r"[^\w\-|!$@]+", text) if w]
    if len(brand) < FUZZY_BRAND_LENGTH:
        words = [w for w in words if w.isupper()]
    return any(_resembles(word.lower(), brand) for word in words)
