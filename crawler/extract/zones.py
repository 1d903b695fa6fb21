"""The timezone of a page's naive times (`2019-06-20T07:30:00`) when no site rule names one: Korean pages are read in
Asia/Seoul, others in an offset the page states on another date, else in their country's (TLD, language tag,
og:locale) or language's zone, else UTC."""

from __future__ import annotations

import re
from datetime import timedelta, timezone, tzinfo
from urllib.parse import urlsplit

from crawler.extract import patterns as P
from crawler.extract.regex_cache import re_compile


_OFFSET_RE = re_compile(r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$")
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
    "by": "Europe/Minsk", "kz": "Asia/Almaty", "ee": "Europe/Tallinn", "lv": "Europe/Riga", "lt": "Europe/Vilnius",
    "bg": "Europe/Sofia", "rs": "Europe/Belgrade", "hr": "Europe/Zagreb", "si": "Europe/Ljubljana", "ge": "Asia/Tbilisi",
    "am": "Asia/Yerevan", "az": "Asia/Baku", "il": "Asia/Jerusalem", "eg": "Africa/Cairo", "ng": "Africa/Lagos",
    "ke": "Africa/Nairobi", "id": "Asia/Jakarta", "my": "Asia/Kuala_Lumpur", "ph": "Asia/Manila", "th": "Asia/Bangkok",
    "vn": "Asia/Ho_Chi_Minh", "pk": "Asia/Karachi", "bd": "Asia/Dhaka", "ir": "Asia/Tehran",
    "sa": "Asia/Riyadh", "ae": "Asia/Dubai", "qa": "Asia/Qatar", "kw": "Asia/Kuwait", "jo": "Asia/Amman",
    "lb": "Asia/Beirut", "ma": "Africa/Casablanca", "dz": "Africa/Algiers", "kg": "Asia/Bishkek", "uz": "Asia/Tashkent",
    "lk": "Asia/Colombo", "np": "Asia/Kathmandu", "gh": "Africa/Accra", "md": "Europe/Chisinau",
    # regional TLDs of one zone (Catalonia, the Basque Country, Galicia)
    "cat": "Europe/Madrid", "eus": "Europe/Madrid", "gal": "Europe/Madrid",
}
# A country or capital named in the host or the outlet's name (`koreaherald.com`, "The Japan Times", "Taipei Times").
_NAME_ZONES = (
    (re_compile(r"korea|seoul", re.I), "Asia/Seoul"), (re_compile(r"japan|tokyo", re.I), "Asia/Tokyo"),
    (re_compile(r"taipei|taiwan", re.I), "Asia/Taipei"), (re_compile(r"china|beijing|shanghai", re.I), "Asia/Shanghai"),
    (re_compile(r"hong\s?kong", re.I), "Asia/Hong_Kong"), (re_compile(r"singapore|straitstimes", re.I), "Asia/Singapore"),
    (re_compile(r"india|delhi|mumbai|hindustan", re.I), "Asia/Kolkata"), (re_compile(r"bangkok|thai", re.I), "Asia/Bangkok"),
    (re_compile(r"manila|philippin|inquirer\.net", re.I), "Asia/Manila"), (re_compile(r"jakarta|indonesia", re.I), "Asia/Jakarta"),
    (re_compile(r"vietnam|hanoi|saigon", re.I), "Asia/Ho_Chi_Minh"),
)
_REGION_ALIASES = {"gb": "uk"}  # language tags name the United Kingdom `GB`; its TLD is `.uk`
# page language → zone, when the host says nothing (a generic .com/.net/.org)
_LANG_ZONES = {
    "ko": "Asia/Seoul", "de": "Europe/Berlin", "fr": "Europe/Paris", "it": "Europe/Rome", "nl": "Europe/Amsterdam",
    "pl": "Europe/Warsaw", "cs": "Europe/Prague", "fi": "Europe/Helsinki", "sv": "Europe/Stockholm", "da": "Europe/Copenhagen",
    "ja": "Asia/Tokyo", "zh": "Asia/Shanghai", "ru": "Europe/Moscow", "tr": "Europe/Istanbul", "el": "Europe/Athens",
    # languages written in one zone (Catalan and Basque: Spain and Andorra; Romanian: Romania and Moldova, one offset)
    "ca": "Europe/Madrid", "eu": "Europe/Madrid", "gl": "Europe/Madrid", "hu": "Europe/Budapest", "ro": "Europe/Bucharest",
    "sk": "Europe/Bratislava", "sl": "Europe/Ljubljana", "hr": "Europe/Zagreb", "bg": "Europe/Sofia", "uk": "Europe/Kyiv",
    "lt": "Europe/Vilnius", "lv": "Europe/Riga", "et": "Europe/Tallinn", "he": "Asia/Jerusalem", "nb": "Europe/Oslo",
    "nn": "Europe/Oslo", "no": "Europe/Oslo", "is": "Atlantic/Reykjavik", "sr": "Europe/Belgrade", "mk": "Europe/Skopje",
    "ka": "Asia/Tbilisi", "hy": "Asia/Yerevan", "fa": "Asia/Tehran", "th": "Asia/Bangkok", "vi": "Asia/Ho_Chi_Minh",
    "hi": "Asia/Kolkata", "gu": "Asia/Kolkata", "mr": "Asia/Kolkata", "ta": "Asia/Kolkata", "te": "Asia/Kolkata",
    "kn": "Asia/Kolkata", "ml": "Asia/Kolkata",
    # languages written (almost) only in one country: Bengali (Bangladesh and West Bengal share no offset, Bangladesh
    # has the most speakers), Urdu, Indonesian (Jakarta's western zone), Malay, Kyrgyz, Kazakh, Azerbaijani, Filipino
    "bn": "Asia/Dhaka", "ur": "Asia/Karachi", "id": "Asia/Jakarta", "ms": "Asia/Kuala_Lumpur", "ky": "Asia/Bishkek",
    "kk": "Asia/Almaty", "az": "Asia/Baku", "tl": "Asia/Manila", "fil": "Asia/Manila",
    # Arabic: Egypt's, the country with most of its readers and outlets (the Levant shares its offset in winter)
    "ar": "Africa/Cairo",
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


def _region(tag: str | None) -> str:
    """Country subtag of a language tag (`en-GB`, `pt_BR` → gb, br); `""` when there is none."""
    parts = re.split(r"[-_]", (tag or "").strip().lower())
    if parts[:2] == ["ar", "ar"]:
        return ""  # Facebook's locale for Arabic as such (`og:locale` `ar_AR`), not Arabic as written in Argentina
    return parts[1] if len(parts) >= 2 and len(parts[1]) == 2 and parts[1].isalpha() else ""


_HAN_RE = re_compile(r"[\u4e00-\u9fff]")


def script_zone(text: str) -> str | None:
    """Zone of a page whose text is plainly Japanese (kana) or Chinese (Han without kana), when nothing else says."""
    sample = text[:2000]
    if not sample:
        return None
    if len(P.KANA_RE.findall(sample)) > 0.1 * len(sample):
        return "Asia/Tokyo"
    if len(_HAN_RE.findall(sample)) > 0.3 * len(sample):
        return "Asia/Shanghai"
    return None


def page_zone(url: str, lang: str | None, korean: bool, values: list[str | None],
              locales: list[str | None] | None = None, names: list[str | None] | None = None,
              text: str = "") -> tzinfo | str:
    """Zone for the page's naive times: Korean text → Asia/Seoul; an offset stated on another date; the host's
    country; a country or capital in the host or outlet name; the country of the page's language tag or `og:locale` (`en_GB`; not `en_US`, a CMS default that also
    spans six zones); the page language; its script (kana, Han); else UTC — a wrong guess outside Korea is worse than none."""
    if korean:
        return "Asia/Seoul"
    stated = stated_offset(values)
    if stated is not None:
        return stated
    host = (urlsplit(url).hostname or "").lower()
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if tld in _TLD_ZONES:
        return _TLD_ZONES[tld]
    for name in (host.removeprefix("www."), *(names or ())):
        for rx, zone in _NAME_ZONES:
            if name and rx.search(name):
                return zone
    for tag in (lang, *(locales or ())):
        country = _REGION_ALIASES.get(_region(tag), _region(tag))
        if country in _TLD_ZONES:
            return _TLD_ZONES[country]
    for tag in (lang, *(locales or ())):  # the page's language; else the one its `og:locale` names (`ar_AR`)
        base = (tag or "").strip().lower().split("-")[0].split("_")[0]
        if base:
            if base in _LANG_ZONES:
                return _LANG_ZONES[base]
            break
    return script_zone(text) or timezone.utc
