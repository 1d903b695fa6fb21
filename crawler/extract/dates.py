"""Date parsing for news pages: ISO/RFC metadata values and Korean/English on-page formats, to ISO 8601 with offset."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.extract.regex_cache import re_compile

# Labels that say which date a nearby timestamp is (data, not code): checked longest first.
PUBLISHED_LABELS: tuple[str, ...] = (
    "최초입력", "최초 입력", "기사입력", "입력", "등록일", "등록", "승인", "게재", "발행", "송고", "작성", "보도",
    "Published", "Posted", "First published", "Created", "Written",
)
MODIFIED_LABELS: tuple[str, ...] = (
    "최종수정", "최종 수정", "기사수정", "수정", "업데이트", "갱신", "Updated", "Last updated", "Modified",
)


def _label_chars(i: int) -> str:
    """The labels' i-th characters (the pattern's re.I makes the class match every case variant a label matches)."""
    return "".join(sorted({v for label in PUBLISHED_LABELS + MODIFIED_LABELS for v in (label[i], label[i].lower(), label[i].upper())}))


# A lookahead on the labels' first two characters lets the case-insensitive search skip the positions no label starts
# at, instead of trying every label there (5-10x faster on a 4,000-character header text).
LABEL_FIRST_CHARS, LABEL_SECOND_CHARS = _label_chars(0), _label_chars(1)
_LABEL_RE = re_compile(
    "(?=[" + re.escape(LABEL_FIRST_CHARS) + "][" + re.escape(LABEL_SECOND_CHARS) + "])(?P<label>" + "|".join(sorted(map(re.escape, PUBLISHED_LABELS + MODIFIED_LABELS), key=len, reverse=True)) + r")"
    r"\s*(?:일시|일자|시간|시각|일|on|at)?\s*[:：]?\s*", re.I)
_MODIFIED_SET = {x.lower() for x in MODIFIED_LABELS}
# may_hold_modified: `labelled_dates` counts a stamp as modified only when its label's text, lower-cased, is one of
# MODIFIED_LABELS (lower-cased); the case-free (Korean) ones are looked for as they are, the cased (English) ones in the
# lower-cased text (str.lower works character by character), only in texts with a `d`: every cased label has one, and
# only `d` and `D` lower-case to it.
_MODIFIED_PLAIN = tuple(x for x in MODIFIED_LABELS if x.lower() == x.upper())
_MODIFIED_CORES = tuple(x for x in _MODIFIED_PLAIN if not any(y != x and y in x for y in _MODIFIED_PLAIN))  # 수정 …
_MODIFIED_CASED = tuple(x.lower() for x in MODIFIED_LABELS if x.lower() != x.upper())
assert all("d" in x for x in _MODIFIED_CASED)
# Korean labels that may follow the stamp they name.
_TRAILING_LABEL_RE = re_compile(r"\s*(?P<label>최종수정|최종 수정|송고|입력|등록|작성|수정|업데이트)(?![가-힣])")

_DATE_RE = re_compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-./]|년|年)\s*(?P<m>\d{1,2})\s*(?:[-./]|월|月)\s*(?P<d>\d{1,2})(?!\d)\s*(?:일|日)?\.?"
    r"(?:\s*[(（]?[월화수목금토일](?:요일)?[)）]?)?"
    r"(?:(?:\s*|T)[(（]?(?P<ampm>오전|오후|[AaPp]\.?[Mm]\.?)?\s*(?P<H>\d{1,2})\s*(?::|시|時|时)\s*(?P<M>\d{2})"
    r"(?:\s*(?::|분|分)\s*(?P<S>\d{2}))?(?:\s*[초秒])?(?:\.\d+)?\s*(?P<ampm2>[AaPp]\.?[Mm]\.?(?![a-z]))?[)）]?)?"
    r"\s*(?P<tz>Z\b|[+-]\d{2}:?\d{2}\b|KST|UTC|GMT)?"
)
# Two-digit-year stamps some CMSs print (`24.04.10 21:02`, 오마이뉴스; `24-05-02 16:21`, gnuboard): only as a whole leading date with a time.
_SHORT_YEAR_RE = re_compile(
    r"^(?P<y>\d{2})(?P<sep>[.\-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})\.?\s+(?P<ampm>오전|오후)?\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d)")
_MONTHS = {m: i for i, ms in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), 1) for m in ms}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_EN_TIME = r"(?:\s*(?:,|at|-|\|)?\s*(?P<H>\d{1,2})[:.](?P<M>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>[A-Z]{2,4}\b|[+-]\d{2}:?\d{2})?)?"
_EN_DATE_RES = (
    re_compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})" + _EN_TIME, re.I),
    # (`9th January 2008`, `9th of January 2008`: the ordinal written out, as British pages do)
    re_compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MON + r",?\s+(?P<y>(?:19|20)\d{2})" + _EN_TIME, re.I),
)
# Time first, then the date (AP: `11:12 PM EDT, June 8, 2024`); only at the start of a value.
_EN_TIME_FIRST_RE = re_compile(r"(?P<H>\d{1,2})[:.](?P<M>\d{2})\s*(?P<ampm>[ap]\.?m\.?)?\s*(?P<tz>[A-Z]{2,4}\b)?,?\s+"
                               + _MON + r"\s+(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d{2})", re.I)
_WEEKDAY_RE = re_compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+(?=\d)", re.I)
_COMPACT_RE = re_compile(r"^(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:(?P<H>\d{2})(?P<M>\d{2})(?P<S>\d{2})?)?$")
_RELATIVE_RE = re_compile(r"(?P<n>\d+)\s*(?P<unit>초|분|시간|일|주|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s*(?:전|ago)", re.I)
_UNIT_SECONDS = {"초": 1, "분": 60, "시간": 3600, "일": 86400, "주": 604800, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# Zone abbreviations pages print; the ambiguous US ones map to standard time.
_TZ_ABBR = {"KST": 9, "JST": 9, "UTC": 0, "GMT": 0, "Z": 0, "BST": 1, "CET": 1, "CEST": 2, "EST": -5, "EDT": -4,
            "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "ET": -5, "PT": -8, "AEST": 10, "AEDT": 11,
            # Western and Central Australia, New Zealand, Hawaii and Alaska, South Africa, Eastern Europe, Moscow
            "AWST": 8, "WST": 8, "ACST": 9.5, "ACDT": 10.5, "NZST": 12, "NZDT": 13, "HST": -10, "AKST": -9,
            "AKDT": -8, "SAST": 2, "EET": 2, "EEST": 3, "MSK": 3}


@lru_cache(maxsize=64)
def get_zone(name: str | tzinfo | None) -> tzinfo:
    """ZoneInfo for a name (a tzinfo passes through), Asia/Seoul when unknown or empty."""
    if isinstance(name, tzinfo):
        return name
    try:
        return ZoneInfo(name or "Asia/Seoul")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("Asia/Seoul")


def to_iso(dt: datetime) -> str:
    """ISO 8601 with offset, seconds precision."""
    return dt.replace(microsecond=0).isoformat()


# Java's `Date.toString()` as older CMSs write it into `<meta name="date">`: `Wed May 04 15:47:24 CEST 2011`
_JAVA_DATE_RE = re_compile(r"^[A-Za-z]{3}\s+(?P<mon>[A-Za-z]{3})\s+(?P<d>\d{1,2})\s+(?P<H>\d{2}):(?P<M>\d{2}):(?P<S>\d{2})"
                           r"\s+(?P<tz>[A-Z]{2,5})\s+(?P<y>\d{4})$")


def _tz_from_token(token: str | None) -> tzinfo | None:
    if not token:
        return None
    token = token.strip()
    if token.upper() in _TZ_ABBR:
        return timezone(timedelta(hours=_TZ_ABBR[token.upper()]))
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", token)
    if m:
        sign = 1 if m.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))
    return None


def _build(y: int, mo: int, d: int, h: int, mi: int, s: int, tz: tzinfo | None, default_tz: tzinfo) -> datetime | None:
    try:
        dt = datetime(y, mo, d, h, mi, s)
    except ValueError:
        return None
    if tz is None:
        return dt.replace(tzinfo=default_tz)
    return dt.replace(tzinfo=tz)


def _hour(h: int, ampm: str | None) -> int:
    if not ampm:
        return h
    pm = ampm.startswith(("오후", "p", "P"))
    if pm and h < 12:
        return h + 12
    if not pm and h == 12:
        return 0
    return h


def parse_date(value: str | None, tz: str | tzinfo | None = "Asia/Seoul", *, now: datetime | None = None) -> datetime | None:
    """Parse one date string (ISO, RFC 2822, compact, Korean or English page text) to an aware datetime.

    A value without an offset is read in `tz`. Relative dates (`5분 전`, `2 hours ago`) need `now`.
    """
    if not value:
        return None
    text = value.strip()
    if not text or len(text) > 400:
        return None
    default_tz = get_zone(tz)
    iso = text.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}", text) else text
    try:
        dt = datetime.fromisoformat(iso.replace("Z", "+00:00") if iso.endswith("Z") else iso)
        return dt if dt.tzinfo else dt.replace(tzinfo=default_tz)
    except ValueError:
        pass
    if re.match(r"^[A-Za-z]{3},\s*\d", text):
        from email.utils import parsedate_to_datetime  # RFC 2822 dates only: email (and socket) stay out of startup

        try:
            dt = parsedate_to_datetime(text)
            return dt if dt.tzinfo else dt.replace(tzinfo=default_tz)
        except (TypeError, ValueError, IndexError):
            pass
    m = _JAVA_DATE_RE.match(text)
    if m and m["mon"].lower() in _MONTHS:
        return _build(int(m["y"]), _MONTHS[m["mon"].lower()], int(m["d"]), int(m["H"]), int(m["M"]), int(m["S"]),
                      _tz_from_token(m["tz"]), default_tz)
    m = _COMPACT_RE.match(text)
    if m:
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0),
                      None, default_tz)
    m = _DATE_RE.search(text)
    if m:
        h = _hour(int(m["H"] or 0), m["ampm"] or m["ampm2"])
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), h, int(m["M"] or 0), int(m["S"] or 0),
                      _tz_from_token(m["tz"]), default_tz)
    m = _SHORT_YEAR_RE.match(text)
    if m and 1 <= int(m["m"]) <= 12:
        return _build(2000 + int(m["y"]), int(m["m"]), int(m["d"]), _hour(int(m["H"]), m["ampm"]), int(m["M"]),
                      int(m["S"] or 0), None, default_tz)
    for rx in (_EN_TIME_FIRST_RE, *_EN_DATE_RES):
        m = rx.match(text) if rx is _EN_TIME_FIRST_RE else rx.search(text)
        if m:
            h = _hour(int(m["H"] or 0), (m["ampm"] or "").replace(".", "") or None)
            return _build(int(m["y"]), _MONTHS[m["mon"].lower().rstrip(".")], int(m["d"]), h, int(m["M"] or 0), 0,
                          _tz_from_token(m["tz"]), default_tz)
    if now is not None:
        if "방금" in text or text.lower() in ("just now", "now"):
            return now if now.tzinfo else now.replace(tzinfo=default_tz)
        m = _RELATIVE_RE.search(text)
        if m:
            unit = m["unit"].lower()
            secs = _UNIT_SECONDS.get(unit) or _UNIT_SECONDS[unit[0]]
            base = now if now.tzinfo else now.replace(tzinfo=default_tz)
            return base - timedelta(seconds=int(m["n"]) * secs)
    return None


def first_timestamp(text: str, tz: str | tzinfo | None = "Asia/Seoul", *, month_words: bool = False) -> datetime | None:
    """The first date *with a time of day* in a text (`2024-03-16 17:12`, `24.04.10 21:02`): an unlabelled
    stamp of an article header. Dates without a time are too often something else (event dates, archives)."""
    for m in _DATE_RE.finditer(text):
        if m["H"] is not None:
            return parse_date(m.group(0), tz)
    # with `month_words`: a month written as a word (`Dec 13, 2016 at 3:45 pm`, `Tue 29 Nov 2016 15.26 EST`), the
    # first one with a time — only where no metadata date exists, since a naive shown time's zone is a guess
    timed = [m for rx in _EN_DATE_RES for m in rx.finditer(text) if m["H"] is not None] if month_words else []
    if timed:
        return parse_date(min(timed, key=lambda m: m.start()).group(0), tz)
    # a slashed stamp after its weekday (`Thu, 01/12/2012 - 09:52`, Drupal): the weekday says which number is the day
    for m in _WEEKDAY_SLASHED_RE.finditer(text):
        dt = _weekday_reading(m, tz)
        if dt is not None:
            return dt
    # a slashed stamp in a North American zone (`01/11/2008 09:53:03 AM EST`, The Berkshire Eagle): month first
    for m in _US_SLASHED_RE.finditer(text):
        dt = _build(int(m["y"]), int(m["m"]), int(m["d"]), _hour(int(m["H"]), m["ampm"]), int(m["M"]), int(m["S"] or 0),
                    _tz_from_token(m["tz"]), get_zone(tz))
        if dt is not None:
            return dt
    # a day-first stamp with dots and a four-digit year (`27.11.2011 09:08`): dots put the day first wherever used
    for m in _DOTTED_DAY_FIRST_RE.finditer(text):
        dt = _build(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"]), int(m["M"]), 0, None, get_zone(tz))
        if dt is not None:
            return dt
    latest = datetime.now(timezone.utc) + timedelta(days=2)
    for m in re.finditer(r"(?<![\d.\-])\d{2}([.\-])\d{1,2}\1\d{1,2}\.?\s+(?:오전|오후)?\s*\d{1,2}:\d{2}", text):
        dt = parse_date(m.group(0), tz)
        if dt is not None and dt <= latest:  # `27.11.11 09:08` read year first is 2027: a day-first stamp, not this
            return dt
    return None


_US_SLASHED_RE = re_compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d{2}),?\s+(?P<H>\d{1,2}):(?P<M>\d{2})"
                            r"(?::(?P<S>\d{2}))?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?\s*(?P<tz>E[SD]T|C[SD]T|M[SD]T|P[SD]T)\b")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# (dotted too, the time after a slash: `Monday, 11.05.2012 / 11:00 AM`, NHL.com's month-first dots)
_WEEKDAY_SLASHED_RE = re_compile(r"\b(?P<wd>Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)"
                                 r"(?P<y>(?:19|20)\d{2})\s*(?:[-–,|/]|at)?\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?!\d)\s*"
                                 r"(?P<ampm>[ap]\.?m\.?)?", re.I)


def _weekday_reading(m: re.Match[str], tz: str | tzinfo | None) -> datetime | None:
    """The month-first or day-first reading of a slashed date whose weekday is the one written before it."""
    want = _WEEKDAYS.index(m["wd"][:3].lower())
    hour = _hour(int(m["H"]), m["ampm"])
    for month, day in ((int(m["a"]), int(m["b"])), (int(m["b"]), int(m["a"]))):
        dt = _build(int(m["y"]), month, day, hour, int(m["M"]), 0, None, get_zone(tz))
        if dt is not None and dt.weekday() == want:
            return dt
    return None


# (a space after each dot and a dotted time too: `22. 4. 2024, 08.29`, Slovene and Czech outlets)
_DOTTED_DAY_FIRST_RE = re_compile(r"(?<![\d.])(?P<d>\d{1,2})\. ?(?P<m>\d{1,2})\. ?(?P<y>(?:19|20)\d{2}),?\s+(?P<H>\d{1,2})[:.]"
                                  r"(?P<M>\d{2})(?!\d|\.\d)")


def looks_like_date(text: str) -> bool:
    """True when a short text starts like a full date (4-digit year, or `yy.mm.dd hh:mm`)."""
    return bool(re.search(r"\d{4}\s*[-./년年]\s*\d{1,2}", text) or _SHORT_YEAR_RE.match(text))


@lru_cache(maxsize=64)  # pure; a wrapper and its only child give the same header text (hits are within a page)
def labelled_dates(text: str, tz: str | tzinfo | None = "Asia/Seoul", *, now: datetime | None = None) -> tuple[datetime | None, datetime | None]:
    """(published, modified) from a text like `입력 2021.04.07 00:00 | 수정 2021.04.07 09:10`; None where absent."""
    published = modified = None
    pub_timed = False
    labelled_at: set[int] = set()
    for m in _LABEL_RE.finditer(text):
        rest = _WEEKDAY_RE.sub("", text[m.end(): m.end() + 60])
        dt = parse_date(rest, tz, now=now) if (_DATE_RE.match(rest) or _SHORT_YEAR_RE.match(rest) or _RELATIVE_RE.match(rest) or _EN_DATE_RES[0].match(rest) or _EN_DATE_RES[1].match(rest) or _EN_TIME_FIRST_RE.match(rest)) else None
        if dt is None:
            continue
        labelled_at.add(m.end())
        dm = _DATE_RE.match(rest)
        timed = dm is None or dm["H"] is not None
        if m["label"].lower() in _MODIFIED_SET:
            modified = modified or dt
        elif published is None or (timed and not pub_timed):
            # A print-edition day (`발행일 2024-05-03 제12면`) yields to a labelled stamp with a time (`입력 … 16:21`).
            published, pub_timed = dt, timed
    if published is None or modified is None:
        # The label after the stamp (뉴스1: `2024-04-01 09:18 송고 | 2024-04-01 10:44 최종수정`), for stamps no label precedes.
        for m in _DATE_RE.finditer(text):
            if m.start() in labelled_at or m["H"] is None:
                continue
            after = _TRAILING_LABEL_RE.match(text, m.end())
            if not after:
                continue
            dt = parse_date(m.group(0), tz)
            if dt is None:
                continue
            if after["label"] in _MODIFIED_SET:
                modified = modified or dt
            else:
                published = published or dt
    return published, modified


def may_hold_modified(text: str) -> bool:
    """False when the text holds no modified label (`수정`, `Updated` …): `labelled_dates` then finds no modified stamp."""
    # every modified label `labelled_dates` reads, before or after its stamp, is one of MODIFIED_LABELS
    # a one-character search is ~20x cheaper than a two-syllable one on Korean text: it rules most texts out first
    if any(core[-1] in text and core in text for core in _MODIFIED_CORES):
        return True
    if "d" not in text and "D" not in text:
        return False
    low = text.lower()
    return any(label in low for label in _MODIFIED_CASED)


def find_dates(text: str, tz: str | tzinfo | None = "Asia/Seoul", *, now: datetime | None = None) -> list[datetime]:
    """All dates found in free text, in order (labels ignored)."""
    out = []
    for m in _DATE_RE.finditer(text):
        dt = parse_date(m.group(0), tz)
        if dt:
            out.append(dt)
    if not out:
        dt = parse_date(text, tz, now=now)
        if dt:
            out.append(dt)
    return out


_ISSUE_NUMBER_RE = re_compile(r"\b(?:issue|no\.?|nr\.?|vol\.?|volume)\s*$", re.I)
_SLASHED_DAY_RE = re_compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?![\d/])")


# zones of the United States and Canada, whose slashed dates put the month first (Latin America's put the day first)
_MONTH_FIRST_ZONES = frozenset({"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
                                "America/Phoenix", "America/Anchorage", "America/Detroit", "America/Boise",
                                "America/Toronto", "America/Vancouver", "America/Edmonton", "America/Winnipeg",
                                "America/Halifax", "America/Regina", "America/St_Johns", "Pacific/Honolulu"})


def _month_first_zone(tz: str | tzinfo | None) -> bool:
    """True for a zone of the United States or Canada (`America/Chicago`, `US/Eastern`), not `America/Sao_Paulo`."""
    key = str(getattr(get_zone(tz), "key", ""))
    return key in _MONTH_FIRST_ZONES or key.startswith(("US/", "America/Indiana/", "America/Kentucky/",
                                                        "America/North_Dakota/"))


def stamp_day(text: str, tz: str | tzinfo | None) -> datetime | None:
    """The first date a short stamp text shows (`9th January 2008`, `Monday, January 14, 2008`, `07/01/2008`), as
    midnight of that day in `tz`, or None. A slashed date is day-first (`07/01/2008` is 7 January) unless one of its
    numbers cannot be a month, or `tz` is in the United States or Canada, where it is month-first."""
    best: tuple[int, datetime] | None = None
    for rx in _EN_DATE_RES:
        m = rx.search(text)
        if m and _ISSUE_NUMBER_RE.search(text, 0, m.start()):
            continue  # `Volume 55 Issue 3 March 2005`: a magazine's issue number before its month, no day
        if m and (best is None or m.start() < best[0]):
            try:
                day = datetime(int(m["y"]), _MONTHS[m["mon"].lower().rstrip(".")], int(m["d"]), tzinfo=get_zone(tz))
            except ValueError:
                continue
            best = (m.start(), day)
    m = _SLASHED_DAY_RE.search(text)
    if m and (best is None or m.start() < best[0]):
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        month_first = b > 12 or (_month_first_zone(tz) and a <= 12)
        d, mo = (b, a) if month_first else (a, b)
        try:
            best = (m.start(), datetime(y, mo, d, tzinfo=get_zone(tz)))
        except ValueError:
            pass
    return best[1] if best else None


_URL_DAY_RE = re_compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
# whole hours west of UTC tried in turn for a local evening: US Eastern, Central, Mountain, Pacific, Alaska, Hawaii,
# then Brazil and Argentina (-3) and Atlantic (-4)
AMERICAS_OFFSETS = (5, 6, 7, 8, 9, 10, 3, 4)


def shown_days(text: str, url: str = "") -> set[date]:
    """Calendar days a page shows for its story: the URL's `/2019-08-27/` or `/2019/08/27/`, and month-word dates
    (`December 28, 2016`, `28 Dec 2016`) in `text` (the headline block)."""
    days: set[date] = set()
    m = _URL_DAY_RE.search(url)
    if m:
        try:
            days.add(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            pass
    for rx in _EN_DATE_RES:
        for m in rx.finditer(text):
            try:
                days.add(date(int(m["y"]), _MONTHS[m["mon"].lower().rstrip(".")], int(m["d"])))
            except (ValueError, KeyError):
                pass
    return days


# a URL path segment that is a whole day, `/20110410/` (the separated forms are `_URL_DAY_RE`'s)
_URL_COMPACT_DAY_RE = re_compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/|\.html?$|$)")


def url_day(url: str, tz: str | tzinfo | None) -> datetime | None:
    """The day a story's URL names (`/2019/08/27/`, `/2019-08-27/`, `/20190827/`), as an aware midnight in `tz`."""
    path = urlsplit(url).path if url else ""
    m = _URL_DAY_RE.search(path) or _URL_COMPACT_DAY_RE.search(path)
    if not m:
        return None
    try:
        return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=get_zone(tz))
    except ValueError:
        return None


def local_evening(published: datetime, days: set[date]) -> datetime:
    """A UTC stamp early in the day (`2016-12-29T01:32:00+00:00`) on a page that shows only the day before
    (`December 28, 2016`): a story of the evening before in the Americas, whose CMS stores UTC. The same instant in
    the nearest US zone that falls on the shown day (the instant is known; the zone is the likeliest one), so the
    calendar day reported is the page's. Otherwise `published` as it is."""
    if published.utcoffset() != timedelta(0) or not days or published.date() in days:
        return published
    if published.date() - timedelta(days=1) not in days:
        return published
    for hours in AMERICAS_OFFSETS:
        local = published.astimezone(timezone(timedelta(hours=-hours)))
        if local.date() in days:
            return local
    return published
