"""Publication stamps written day first or with the month as a word of the page's language, read with dateparser.

`crawler.extract.dates` reads year-first stamps (`2024.03.16 17:12`, `2024年3月16日`) and English month words. Most
of the world's news pages show `8. 3. 2013 14:21`, `pátek 8. srpna 2008, 6:52`, `martes 17 de marzo de 2020` or
`22/11/2020 - 04:30`: on pages without date metadata those went unread (16 of the 397 real labelled pages, most of
them with the minute shown). dateparser (scrapinghub, installed with htmldate) knows the month names and orders of
~200 locales; it is only asked here, for the short texts of date-named elements of pages whose date is still
unknown, so its ~2 ms a call is paid on few pages.

Usage::

    shown_date("Publié le 23 janvier 2019 à 14h05", "fr", "Europe/Paris")  # 2019-01-23 14:05 +01:00
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Iterable

from lxml.html import HtmlElement

from crawler.extract.dates import get_zone, may_hold_modified, parse_date
from crawler.extract.memo import text_of
from crawler.extract.regex_cache import re_compile

log = logging.getLogger(__name__)

_YEAR_RE = re_compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
# Class tokens of the elements a page shows its stamp in (`published-date`, `clanek-datum`, `publicDate`, `time-date`).
# ... and the "updated" words a Catalan, Portuguese or Italian CMS names it by (`span.txtactualitzatel`: `| 13/02/2017 a
# les 16:39h`)
DATE_CLASS_RE = re_compile(r"date|datum|fecha|time|publi|tagline|byline|stamp|meta|info|actualitz|atualiz|aggiorn|created", re.I)
# the time after the day, set apart by a dash, bar or full stop, or by the word for "at" (`a les`, `a las`, `alle`, `às`,
# `um`); its hour and minute parted by a colon, `h` or a full stop (`25. Oktober 2025, 17.52 Uhr`)
_TIME_AFTER_RE = re_compile(r"\s*[-–—|·,.;]?\s*(?:(?:a\s+les|a\s+las|a\s+la|alle|às|à|um|at|om|kl\.?|klo|ob|u|o|v)\s+)?"
                            r"(?P<H>\d{1,2})[:h.](?P<M>\d{2})(?!\d)(?::\d{2}(?!\d))?\s*(?:(?P<ampm>[ap])\.?\s?m\b\.?"
                            # (or Arabic's: `08:20:47 م`, م evening, ص morning)
                            r"|(?P<ar>[مص])(?![\u0600-\u06ff]))?", re.I)
MAX_TEXT = 120  # longer texts are paragraphs that mention a date, not stamps
# Languages our own reader covers (year first, or English month words): dateparser is not asked for them, where a
# numeric `03/04/2019` would be a guess between US and British order.
_OWN_LANGUAGES = frozenset({"ko", "ja", "zh", "en"})


# Where the page does not say its language: the languages of most news sites outside our own reader's, so dateparser
# does not try all ~200 of its locales (40-50 ms a call against 6-14 ms).
_GUESS_LANGUAGES = ("fr", "de", "es", "pt", "it", "nl", "pl", "cs", "sk", "ru", "uk", "tr", "ro", "sv", "da", "nb", "fi",
                    "hu", "el", "ar", "fa", "id", "vi", "hr", "sr", "sl", "bg", "lt", "ca", "en")
_LETTER_RE = re_compile(r"[^\W\d_]")
_THAI_RE = re_compile(r"[\u0e00-\u0e7f]")
# Arabic-Indic digits only: Persian pages (Extended Arabic-Indic `۰…۹`) date their stories in the Solar Hijri calendar,
# and a Gregorian date among them is the masthead's clock (Radio Farda: `… ۱۳۹۴ تهران ۰۴:۵۵ - ۱۷ فوریه ۲۰۱۶`)
_EASTERN_DIGITS_RE = re_compile(r"[\u0660-\u0669]")
_EASTERN_DIGITS = {0x0660 + i: str(i) for i in range(10)}
_BE_YEAR_RE = re_compile(r"(?<!\d)25[3-9]\d(?!\d)")  # 2530-2599 BE: 1987-2056
_RU_MONTH_DOT_RE = re_compile(r"(?i)\b(янв|февр?|мар|апр|июн|июл|авг|сент?|окт|нояб?|дек)\.")


def shown_date(text: str, language: str | None, tz: str | tzinfo | None) -> datetime | None:
    """The first full date (day, month and year; with its time when shown) in a short stamp text, or None."""
    lang = (language or "").split("-")[0].split("_")[0].lower()
    if text and _EASTERN_DIGITS_RE.search(text):
        text = text.translate(_EASTERN_DIGITS)  # `٩ فبراير ٢٠١٦ - ٠٨:٢٠:٤٧ م`
    if text and _THAI_RE.search(text):
        # Thai pages count years in the Buddhist era (`7 กุมภาพันธ์ 2560 11:45 น.`: 2560 BE is 2017)
        text = _BE_YEAR_RE.sub(lambda m: str(int(m[0]) - 543), text)
        lang = lang or "th"
    if lang in _OWN_LANGUAGES or not text or len(text) > MAX_TEXT or not _YEAR_RE.search(text):
        return None
    text = _RU_MONTH_DOT_RE.sub(r"\1", text)  # `февр. 02 2012, 13:34`: dateparser knows `февр`, not `февр.`
    text = _plain_for_dateparser(text)
    found = _search(text, lang)
    if not found:
        return None
    span, dt = found
    if not lang and not _LETTER_RE.search(span):
        return None  # `03/04/2019` on a page of unknown language: day-first or month-first is a guess
    if (dt.hour, dt.minute) == (0, 0):
        # a time set apart by a dash or bar (`22/11/2020 - 04:30`) is left out of the span dateparser returns
        rest = text[text.find(span) + len(span):] if span in text else ""
        m = _TIME_AFTER_RE.match(rest)
        if m and int(m["H"]) < 24 and int(m["M"]) < 60:
            hour = int(m["H"])
            if m["ampm"] and hour <= 12:  # `9:10 p.m.`, `12:05 a.m.`
                hour = hour % 12 + (12 if m["ampm"].lower() == "p" else 0)
            elif m["ar"] and hour <= 12:
                hour = hour % 12 + (12 if m["ar"] == "م" else 0)
            dt = dt.replace(hour=hour, minute=int(m["M"]))
    return dt.replace(tzinfo=get_zone(tz)) if dt.tzinfo is None else dt


def metadata_date(value: str | None, language: str | None, tz: str | tzinfo | None) -> datetime | None:
    """A metadata date value (ISO, RFC 2822, …); one written in the page's words (microdata's `<time
    itemprop="datePublished">الإثنين, 30 يناير, 2017, 12:27 ص</time>`, no `datetime`) read as the page shows it."""
    found = parse_date(value, tz)
    if found is None and value and _LETTER_RE.search(value):
        found = shown_date(value, language, tz)
    return found


# Central European stamps dateparser misreads in some locales (Slovene: `18. april 2020 17.59` → 17 April):
# the ordinal dot after the day, the spaces of `5. 5. 2023` and a dotted time after the year, written plainly
_DAY_DOT_WORD_RE = re_compile(r"(?<![\d.])(\d{1,2})\.\s+(?=[^\W\d_]{3,}\s+(?:19|20)\d{2}(?!\d))")
_SPACED_DOTS_RE = re_compile(r"(?<![\d.])(\d{1,2})\.\s(\d{1,2})\.\s?((?:19|20)\d{2})(?!\d)")
_DOTTED_TIME_RE = re_compile(r"(?<!\d)((?:19|20)\d{2}[,;]?\s+)(\d{1,2})\.(\d{2})(?!\d|\.\d)")


def _plain_for_dateparser(text: str) -> str:
    """`18. april 2020 17.59` → `18 april 2020 17:59`; `5. 5. 2023; 14.15` → `5.5.2023; 14:15`."""
    if "." not in text:
        return text
    return _DOTTED_TIME_RE.sub(r"\1\2:\3", _SPACED_DOTS_RE.sub(r"\1.\2.\3", _DAY_DOT_WORD_RE.sub(r"\1 ", text)))


def _timed_on(found: datetime | None, day: datetime) -> bool:
    """`found` is a stamp of `day`'s calendar date with its time shown."""
    return found is not None and found.date() == day.date() and (found.hour, found.minute) != (0, 0)


@lru_cache(maxsize=256)  # pure; a page repeats its stamp (in and after a photo block), sites repeat templates
def _search(text: str, lang: str) -> tuple[str, datetime] | None:
    """dateparser's first absolute date (day, month and year required) in `text`, as (span, naive datetime)."""
    try:
        from dateparser.search import search_dates  # ~0.1 s to import: only on pages that get this far
    except ImportError:  # pragma: no cover - dateparser comes with htmldate, a declared dependency
        return None
    settings = {"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"], "PARSERS": ["absolute-time"],
                "RETURN_AS_TIMEZONE_AWARE": False}
    for languages in ([lang], list(_GUESS_LANGUAGES)) if lang else (_month_languages(text),):
        try:
            found = search_dates(text, languages=languages, settings=settings)
        except ValueError:  # a language dateparser does not know: guess among the common ones
            continue
        except Exception as exc:  # noqa: BLE001 - a third-party parser's bug must not cost the article
            log.debug("dateparser failed on %r: %s: %s", text, type(exc).__name__, exc)
            return None
        return found[0] if found else None
    return None


_WORD_RE = re_compile(r"[^\W\d_]{3,}")


def _month_languages(text: str) -> list[str]:
    """The guessed languages whose month names the text uses (`Februar` → de, da, nb), in `_GUESS_LANGUAGES`' order;
    English alone for a numeric stamp. dateparser otherwise weighs all 29 guessed locales against every word of the
    text: 10-300 ms a call (most for a text it then cannot read), against 1-10 ms for the few a month name leaves.
    Same dates as the 29 on all 2,124 extractions of `bench/extract_identity.py`."""
    months = _month_words()
    found = {lang for word in _WORD_RE.findall(text.lower()) for lang in months.get(word, ())}
    return [lang for lang in _GUESS_LANGUAGES if lang in found] or ["en"]


@lru_cache(maxsize=1)
def _month_words() -> dict[str, frozenset[str]]:
    """Lower-cased month names and abbreviations of the guessed languages (dateparser's locale data) → languages."""
    from dateparser.languages.loader import default_loader

    words: dict[str, set[str]] = {}
    for lang in _GUESS_LANGUAGES:
        info = default_loader.get_locale(lang).info
        for month in ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                      "november", "december"):
            for name in info.get(month, ()):
                for word in _WORD_RE.findall(name.lower()):
                    words.setdefault(word, set()).add(lang)
    return {word: frozenset(langs) for word, langs in words.items()}


_LABEL_HEAD = 24  # characters of a stamp's text its label is looked for in
_CLOCK_RE = re_compile(r"(?<!\d)\d{1,2}[:.h]\d{2}(?!\d)")  # a time of day in a stamp


def shown_date_near(candidates: Iterable[HtmlElement], anchor: HtmlElement | None, doc: HtmlElement,
                    language: str | None, tz: str | tzinfo | None, *, limit: int = 12,
                    on_day: datetime | None = None) -> datetime | None:
    """The stamp of the date-named element nearest the headline (`anchor`) in document order that reads as a date.

    Nearest, not first: a masthead may show today's date (`martes, 17 de marzo`) far above the story's own stamp.
    `on_day`: only a stamp of that calendar day with its time shown (the hour of a date-only metadata value).
    """
    els = [el for el in candidates if len(el) < 8]
    if not els:
        return None
    if anchor is not None:
        order = {el: i for i, el in enumerate(doc.iter())}
        at = order.get(anchor, 0)
        els.sort(key=lambda el: abs(order.get(el, 0) - at))
    near = els[:limit]
    # an `Updated at: …` stamp comes after another stamp with its time of day, however near (wnyt.com: `Posted at:
    # 12/28/2007 06:23:34 PM` and `Updated at: 01/02/2008 04:01:05 PM` side by side, the second nearer the headline);
    # not after a bare day (zeenews: `Last Updated: Friday, September 06, 2013, 17:31` is the story's only stamp, the
    # masthead's `Friday, December 20, 2013` the day the page was saved)
    updated = {el for el in near if may_hold_modified(text_of(el)[:_LABEL_HEAD])}
    if updated and any(_CLOCK_RE.search(text_of(el)) for el in near if el not in updated):
        near.sort(key=lambda el: el in updated)
    for el in near:
        found = shown_date(text_of(el), language, tz)
        if found is None and len(el):
            # `<li>Brasília</li><li>03/05/2022 21:44</li>`: items that read glued together (`Brasília03/05/2022`)
            found = shown_date(" ".join(el.itertext()), language, tz)
        if on_day is not None and not _timed_on(found, on_day):
            # an element holding the stamp twice (ORF: a print-only `25.10.2025 17.52`, a screen-only `25. Oktober
            # 2025, 17.52 Uhr`), which dateparser misreads run together: each child on its own
            found = next((f for child in el[:4] if isinstance(child.tag, str)
                          for f in [shown_date(text_of(child), language, tz)] if _timed_on(f, on_day)), None)
            if found is None:
                continue
        if found is not None:
            return found
    return None
