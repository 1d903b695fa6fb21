"""URL identity: one canonical form per article URL (tracking parameters, AMP and mobile variants removed).

Built on w3lib (Scrapy's own URL toolkit) rather than hand-written parsing: `canonicalize_url` sorts the
query and normalises escaping; `url_query_cleaner` drops parameters. Usage::

    canonical_url("http://m.example.com/a?id=1&utm_source=x#top", site_host="www.example.com")
    # -> "http://www.example.com/a?id=1"
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

try:  # courlan's tracker patterns (`*clid`, `*_source`, `campaign`, `session`, …) on top of our own list
    from courlan.clean import TRACKERS_RE
except ImportError:  # pragma: no cover - courlan moved it; our own list still applies
    TRACKERS_RE = None

# Parameters that never identify content: analytics, ad click ids, sessions, AMP/print switches.
TRACKING_PARAMS = frozenset(
    """fbclid gclid dclid gbraid wbraid msclkid yclid igshid mc_cid mc_eid _ga _gl ref ref_src referer
    from ncid ocid cmpid sessionid sid sessid phpsessid jsessionid aspsessionid cfid cftoken
    _hsenc _hsmi mkt_tok spm ved ei s_cid outputtype output amp mobile m print""".split()
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hmb_", "at_", "oly_", "vero_")
AMP_PATH = re.compile(r"(/amp/?$|^/amp(?=/)|\.amp(?=\.html?$)|/amp(?=/))", re.IGNORECASE)
MOBILE_HOST = re.compile(r"^(m|mobile|amp)\.", re.IGNORECASE)
# Session ids some servers put in the path: /article.do;jsessionid=0A1B…
PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid|sessionid)=[^/;?#]*", re.IGNORECASE)


def _is_tracking(name: str) -> bool:
    low = name.lower()
    if low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES):
        return True
    return TRACKERS_RE is not None and TRACKERS_RE.search(low) is not None


def canonical_url(url: str, *, site_host: str | None = None, id_params: tuple[str, ...] = ()) -> str:
    """The canonical form of an article URL.

    `site_host` maps mobile/AMP hosts (`m.site`, `amp.site`) to the desktop host; `id_params`, when
    given, are the only query parameters that identify an article on that site (all others dropped).
    """
    url = url.strip()
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if MOBILE_HOST.match(host):
        bare = MOBILE_HOST.sub("", host)
        if site_host and site_host.lower() in (bare, f"www.{bare}"):
            host = site_host.lower()
        elif not site_host:
            host = bare
    netloc = host
    if parts.port and not ((parts.scheme == "http" and parts.port == 80) or (parts.scheme == "https" and parts.port == 443)):
        netloc = f"{host}:{parts.port}"
    path = AMP_PATH.sub("", PATH_SESSION.sub("", parts.path)) or "/"
    query = parts.query
    if id_params:
        keep = {p.lower() for p in id_params}
        query = "&".join(f"{k}={v}" for k, v in parse_qsl(query, keep_blank_values=True) if k.lower() in keep)
    else:
        pairs = parse_qsl(query, keep_blank_values=True)
        bad = tuple(k for k, _ in pairs if _is_tracking(k))
        if bad:
            query = url_query_cleaner(f"?{query}", bad, remove=True, keep_fragments=False).lstrip("?")
    rebuilt = urlunsplit((parts.scheme.lower() or "http", netloc, path, query, ""))
    return canonicalize_url(rebuilt, keep_fragments=False)


def same_site(url: str, allowed_domains: tuple[str, ...]) -> bool:
    """True when `url`'s host is one of the allowed domains or a subdomain of one."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d.lower() or host.endswith("." + d.lower()) for d in allowed_domains)
