"""The timezone of a page's naive times (`2019-06-20T07:30:00`) when no site rule names one: Korean pages are read in
Asia/Seoul, others in an offset the page states on another date, else in their country's (TLD) or language's zone."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from urllib.parse import urlsplit


_OFFSET_RE = re.compile(r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$")
# country-code TLD → zone (the capital's; a country with several zones gets its most populous one)
_TLD_ZONES = {
    "kr": "Asia/Seoul", "de": "Europe/Berlin", "at": "Europe/Vienna", "ch": "Europe/Zurich", "fr": "Europe/Paris",
    "be": "Europe/Brussels", "nl": "Europe/Amsterdam", "it": "Europe/Rome", "es": "Europe/Madrid", "pt": "Europe/Lisbon",
    "pl": "Europe/Warsaw", "cz": "Europe/Prague", "sk": "Europe/Bratislava", "hu": "Europe/Budapest", "fi": "Europe/Helsinki",
    "se": "Europe/Stockholm", "no": "Europe/Oslo", "dk": "Europe/Copenhagen", "uk": "Europe/London", "ie": "Europe/Dublin",
    "gr": "Europe/Athens", "ro": "Europe/Bucharest", "tr": "Europe/Istanbul", "ru": "Europe/Moscow", "ua": "Europe/Kyiv",
    "jp": "Asia/Tokyo", "cn": "Asia/Shanghai", "tw": "Asia/Taipei", "hk": "Asia/Hong_Kong", "sg": "Asia/Singapore",
    "in": "Asia/Kolkata", "au": "Australia/Sydney", "nz": "Pacific/Auckland", "ca": "America/Toronto",
    "br": "America/Sao_Paulo", "ar": "America/Argentina/Buenos_Aires", "mx": "America/Mexico_City", "cl": "America/Santiago",
    "co": "America/Bogota", "pe": "America/Lima", "uy": "America/Montevideo", "py": "America/Asuncion", "bo": "America/La_Paz",
    "ve": "America/Caracas", "tn": "Africa/Tunis", "za": "Africa/Johannesburg",
}
# page language → zone, when the host says nothing (a generic .com/.net/.org)
_LANG_ZONES = {
    "ko": "Asia/Seoul", "de": "Europe/Berlin", "fr": "Europe/Paris", "it": "Europe/Rome", "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw", "cs": "Europe/Prague", "fi": "Europe/Helsinki", "sv": "Europe/Stockholm", "da": "Europe/Copenhagen",
    "ja": "Asia/Tokyo", "zh": "Asia/Shanghai", "ru": "Europe/Moscow", "tr": "Europe/Istanbul", "el": "Europe/Athens",
}


def stated_offset(values: list[str | None]) -> tzinfo | None:
    """The UTC offset written on one of the page's ISO dates (`…T16:57:43+01:00`), if any."""
    for value in values:
        m = _OFFSET_RE.search((value or "").strip())
        if m:
            token = m.group(1)
            if token == "Z":
                return timezone.utc
            sign = -1 if token[0] == "-" else 1
            digits = token[1:].replace(":", "")
            return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    return None


def page_zone(url: str, lang: str | None, korean: bool, values: list[str | None]) -> tzinfo | str:
    """Zone for the page's naive times: Korean text → Asia/Seoul; an offset stated on another date; the host's
    country; the page language; else Asia/Seoul (the project's default)."""
    if korean:
        return "Asia/Seoul"
    stated = stated_offset(values)
    if stated is not None:
        return stated
    host = (urlsplit(url).hostname or "").lower()
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in _TLD_ZONES:
        return _TLD_ZONES[tld]
    base = (lang or "").lower().split("-")[0]
    if base in _LANG_ZONES:
        return _LANG_ZONES[base]
    return "Asia/Seoul"

