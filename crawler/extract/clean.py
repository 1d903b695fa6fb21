"""Paragraph-level cleaning: bylines, reporter emails, copyright, promo and photo-credit lines, author names."""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from crawler.extract import patterns as P
from crawler.extract.regex_cache import re_compile
from crawler.extract.rule_tables import first_match

_SPACES = r" \t\r\n\f\v\x85\u00a0\u2000-\u200a\u3000"  # what norm_space collapses (with U+200B and BOMs)
_WS_RE = re_compile(rf"[{_SPACES}\u200b\ufeff]+")
# Invisible characters dropped: zero-width space, bidi marks (LRM/RLM), word joiner, BOM, soft hyphen and the Hangul
# fillers some CMSs use as an invisible spacer line (`ㅤ` U+3164). The choseong/jungseong fillers (U+115F, U+1160)
# stay where they are part of an old-Hangul jamo syllable (U+115F before a vowel jamo, U+1160 after an initial one).
# ZWNJ/ZWJ (U+200C/U+200D) are not here: Persian, Hindi, Malayalam… spell words with them (`می‌خواهم`, `दिल्‍ली`)
# and emoji sequences are joined by ZWJ; only a joiner that touches no word (a `<p>&zwnj;</p>` spacer) goes.
# C1 control characters (U+0080-U+009F but NEL, a line break) show nothing either: a page converted to UTF-8 from
# windows-1252 without the table keeps its dashes and quotes as these (`polio\x97including`, The Telegraph, Calcutta).
_ZW_RE = re_compile(r"[\u200b\u200e\u200f\u2060\ufeff\u00ad\u3164\uffa0\x80-\x84\x86-\x9f]")
_LOOSE_FILLER_RE = re_compile(r"\u115f(?![\u1160-\u11a7\ud7b0-\ud7c6])|(?<![\u1100-\u115f\ua960-\ua97c])\u1160")
_LOOSE_JOINER_RE = re_compile(rf"(?<![^{_SPACES}])[\u200c\u200d]+|[\u200c\u200d]+(?![^{_SPACES}])")
_ROLE_TAIL_RE = re_compile(rf"\s*(?:{P.ROLE})\s*$")
_ROLE_ANY_RE = re_compile(rf"\s*(?:{P.ROLE})(?=$|[\s·ㆍ,/)\]])")
_NAME_NOISE_RE = re_compile(
    # the by-word must end at a space or `:`/`=`: `Portal iG` is not `Por` + `tal iG`
    r"^(?:by|written by|posted by|escrito por|geschrieben von|écrit par|scritto da|"
    r"(?:propos\s+)?recueillis?\s+par|von|par|por|di|door|przez|autor|autorin|autorka|auteur|από|απο|"
    r"piše|napisao|napisala|av|af|oleh|penulis|автор|авторы|كتب|كتبت|بقلم|글|사진|영상|정리|취재|reporter|reporters|journalist|staff)"
    r"(?:\s*[:=：]\s*|\s+)"
    r"|^(?:text|texte|texto|tekst|testo|words)\s*[:=：]\s*"  # `Text: Olivera Stajić, Video: …` (derStandard)
    r"|^(?:interview|interviews|entrevista|intervista)\s*[:=：]\s*"  # `Interview: Julia Lauter` (fluter.de)
    r"|\s*[(\[<][^)\]>]*[)\]>]\s*|^[\[(<]|[\])>]$"
    # a byline's own buttons read with the name (`by Mark Katz Info`, `by Robin Sloan + BIO`)
    r"|\s+(?-i:Info|\+\s*(?:BIO|Bio|bio))$",
    re.I)
_KO_NAME_RE = re_compile(r"^[가-힣]{2,5}$")
# A Korean column's by-line: the writer, the institution, the post (`장석준 글로벌정치경제연구소 기획위원`, `홍길동
# 서울대 교수`); the name is the first word. The word before the post must name an institution (`서울대 홍길동 교수` puts
# the institution first: its name is not read so).
_KO_AFFILIATED_RE = re_compile(
    r"([가-힣]{2,4})\s+(?:\S+\s+){0,2}\S*(?:대|대학교?|대학원|연구소|연구원|연구회|재단|센터|협회|학회|병원|위원회|포럼|연대|"
    r"학교|공사|공단|연맹|硏)\s+[가-힣]*(?:교수|위원|연구원|소장|대표|원장|이사장|이사|변호사|박사|평론가|교사|회장|센터장|"
    r"실장|국장|고문|의원)")
# A name in a spaced alphabet: Latin with its extensions (Polish ł, Czech ř, Turkish ş, Vietnamese ễ), Greek,
# Cyrillic, Armenian, Hebrew, Arabic; one to five words.
_L = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff\u0370-\u03ff\u0400-\u052f\u0531-\u0587\u05d0-\u05ea\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff"
_SPACED_NAME_RE = re_compile(rf"^[{_L}][{_L}.'\-\u2019]*(?:\s+[{_L}][{_L}.'\-\u2019]*){{0,4}}$")
# The same shape in any alphabetic script (Cyrillic `Андрей Сидорчик`, Greek, Armenian, Arabic `ضحى عرفة`): two to five
# words of letters. Scripts without spaces between names (Chinese, Japanese) and Korean have their own rules.
# (with the combining vowel signs and viramas of Brahmic scripts, which are no letters to `\w`: Bengali `মতিন
# আব্দুল্লাহ`, Hindi `ऐश्ली कुटिन्हो`; and the zero-width joiners they use)
_MARKS = "\u0300-\u036f\u0900-\u0dff\u0e00-\u0e7f\u1000-\u109f\u17b4-\u17d3\u200c\u200d"
_WORDS_NAME_RE = re_compile(rf"^[^\W\d_](?:[^\W\d_]|[.'\-{_MARKS}])*(?:\s+[^\W\d_](?:[^\W\d_]|[.'\-{_MARKS}])*){{1,4}}$")
_NO_SPACE_SCRIPT_RE = re_compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]")
_HAN_NAMES_RE = re_compile(r"[\u4e00-\u9fff]{2,4}(?:\s*[\s、，,&]\s*[\u4e00-\u9fff]{2,4})*")
_HAN_SPLIT_RE = re_compile(r"\s*[\s、，,&]\s*")
# Han words that are roles, desks, outlets or placeholders, not a person (`编辑`, `新华社`, `本报`, `佚名`)
_HAN_NOT_NAME_RE = re_compile(r"[记記]者|[编編]|[辑輯]|通[讯訊]|实习|實習|评论|評論|本[报報]|佚名|未知|整合|[综綜]合|[报報][道导導]|"
                              r"整理|[网網][络絡]|本站|"  # `作者：网络整理`: "compiled from the web"
                              r"^[责責]任$|"  # `作者：未知 责任编辑：…`: the "responsible" of the editor's label
                              r"[社報报網网台臺聞闻部組组站刊]$|中心$|频道|頻道|客户端|图$|圖$")
# A whole Chinese or Japanese name in author markup (`松村太郎`, `小暮ひさのり`, `谢若含`, `松村 太郎`, `アリエル・パーデス`)
_CJK_NAME_RE = re_compile(r"[\u3040-\u30ff\u4e00-\u9fff]{2,8}(?:[ \u3000][\u3040-\u30ff\u4e00-\u9fff]{1,6})?")
# a Japanese credit's label before the name (`著者：後藤大地`, `文● オカモト`, `取材・文／…`)
_JA_BYWORD_RE = re_compile(r"^(?:著者|筆者|執筆|取材・文|文・写真|文|記者)\s*[：:●○■/／・]?\s*")
# Japanese desks, outlets and roles (`ギズモード・ジャパン編集部`, `ITmedia NEWS`, `共同通信`, `ライター`)
_JA_NOT_NAME_RE = re_compile(r"編集|ニュース|新聞|通信|記者|ライター|スタッフ|担当|公式|運営|チーム|放送|テレビ|[部社局室課]$|"
                             r"ジャパン|メディア|ドットコム")
# Words that mean a team or desk, not a person.
_NOT_PERSON = re_compile(r"(?:팀|부|국|센터|뉴스|일보|신문|방송|닷컴|편집|데스크|staff|desk|news|agency|editorial|reuters|associated press|\b(?-i:AP)\b|afp|wire)$", re.I)
# Organisations (`Süddeutsche.de GmbH`), placeholders (`No Author`, `anónimo`, `Redaktion`) and roles standing alone
# (`contributor`) in non-Korean bylines and author metadata.
_NOT_PERSON_WORD = re_compile(
    r"(?:^|\s)(?:gmbh|inc|llc|ltd|plc|pcl|pty|ag|s\.?a\.?|corp|co\.?|media|verlag|group|online|redaktion|rédaction|redacción|"
    r"redazione|redakcja|verlagsgesellschaft|gesellschaft|m\.?b\.?h\.?|company|corporation|content|developers|anonymous|anonym|anonyme|anónimo|anonimo|anon|no author|unknown|admin|administrator|"
    r"contributor|contributors|editor|editors|correspondent|writer|reporter|reporters|journalist|columnist|guest author|team|"
    r"bureau(?:\s.*)?|newsroom|"
    # a CMS's placeholder account and a desk (`Alternate Author`, `News Division`)
    r"author|authors|division|department|"
    # the web firm that built the site, named in `<meta name="author">` (`Vivid Interactive and Design`)
    r"interactive|design|designs|digital|solutions|technologies|studios|webmaster|"
    # wire credits in a by-line (`By Agencies`, `PA Sport/Sportal`)
    r"agencies|sport|sports|"
    r"ομάδα|ομαδα|σύνταξη|συνταξη|редакция|редакція|редакцията|redakce|toimitus|"
    # the newsroom (`Redaksjonen`, NTB copy)
    + "|".join(P.NEWSROOM_WORDS) + "|"
    # Hindi and Bengali desks (`वाराणसी ब्यूरो`, `नेटवर्क डेस्क`, `নিজস্ব প্রতিবেদক`: staff reporter; `মানিকগঞ্জ প্রতিনিধি`: the
    # paper's correspondent in a district)
    r"ब्यूरो|डेस्क|संवाददाता|टीम|ডেস্ক|প্রতিবেদক|সংবাদদাতা|প্রতিনিধি|"
    # Greek companies (`Δημοσιογραφικός Οργανισμός Λαμπράκη Α.Ε.`): Α.Ε., Ε.Π.Ε., Ο.Ε., Μ.Ι.Κ.Ε.
    r"α\.?\s?ε|ε\.?π\.?ε|ο\.?ε|μ\.?ι\.?κ\.?ε)\.?$", re.I)
# A site's own links in a `td.byline`-styled strip (`About Us - Contact Us - Subscribe`, `Search Site:`): no people
_SITE_LINK_NAME_RE = re_compile(r"(?:about us|contact us|search(?: (?:site|this site|archives?))?|subscribe|sign in|"
                                r"sign up|log ?in|log ?out|register|home ?page|site ?map|privacy policy|terms of (?:use|service)|"
                                r"advertise(?: with us)?|place an ad|customer service|help|feedback)[\s:.]*$", re.I)
# A photo credit in a byline-classed element (`Фото из Инстаграма …`, `Foto: …`) names no author.
_PHOTO_CREDIT_RE = re_compile(r"^(?:фото|foto|fotó|photo|φωτο|φωτογραφία|صورة)(?:\s|[:=]|$)"
                              r"|^(?:video|vidéo|grafik|infografik|illustration|kamera|schnitt|montage)\s*[:=]", re.I)
# A credit that is not an authorship: `Illustration by Claire Lordon`, `Photographs by …`
_CREDIT_BY_RE = re_compile(r"^(?:illustrations?|photos?|photographs?|photography|images?|video|graphics?|animation|"
                           r"art|artwork|design|developed|designed|powered|created|built|hosted|maintained)\s+(?:by|von|par|por)\b"
                           r"|^(?:фото|foto|fotó|φωτο|φωτογραφία)(?:\s|:|$)",
                           re.I)
_DOMAIN_RE = re_compile(r"\w\.(?:com|net|org|de|fr|co|uk|es|it|at|ch|info)\b", re.I)  # `lefigaro.fr`: the outlet
# (`tor/ joz/`: the last editor's slash kept)
_SIGN_OFF_RE = re_compile(r"[(\[]?\s*[^\W\d_]{1,6}\.?(?:\s*/\s*[^\W\d_]{1,8}\.?)+/?\s*[)\]]?")
_PAREN_RE = re_compile(r"\s*[(\[][^)\]]*[)\]]")
# A wire correspondent's sign-off closing the text (`Z Brukseli Krzysztof Strzępka (PAP)`: from Brussels, the writer,
# the wire) and a wire desk's credit (`PAP - Nauka w Polsce, Klaudia Torchała`): the writer, not text.
_WIRE_SIGN_OFF_RE = re_compile(r"(?:(?:Z|Ze|Aus|From|Da|De|Desde)\s+\w+\s+)?(?P<names>(?-i:[^\W\d_a-z][\w'’\-]+)"
                               r"(?:\s+(?-i:[^\W\d_a-z][\w'’\-]+)){1,2})\s*\((?P<wire>[^()]{2,12})\)"
                               r"|(?P<desk>[\w.]{2,10})\s+[-–—]\s+[^,]{2,40},\s+(?P<writer>(?-i:[^\W\d_a-z][\w'’\-]+)"
                               r"(?:\s+(?-i:[^\W\d_a-z][\w'’\-]+)){1,2})")
# An acronym alone closing the text: the office or desk that sent it (`GIS`, a government information service)
_ACRONYM_CREDIT_RE = re_compile(r"[A-Z]{2,6}")
# A Vietnamese sign-off closing the text: the writer and where the story comes from (`Ca Tiếu(theo online-tech-tips)`),
# or the source alone (`(Theo VnExpress)`).
_VI_SIGN_OFF_RE = re_compile(r"(?P<name>(?-i:[^\W\d_a-zà-ỹđ][^\W\d_]*)(?:\s+(?-i:[^\W\d_a-zà-ỹđ][^\W\d_]*)){1,3})?\s*"
                             r"\(\s*(?:theo\s[^()]{1,60}|(?:tổng hợp|lược dịch)[^()]{0,60})\)", re.I)
# A source credit closing the text (`Sumber : Antara`, `Quelle: dpa-AFX`, `Źródło: PAP`, `Source: CNA/hm(cy)`): the
# wire or office the story came from, not text; so is a signature line (`Podpis: MJM`). (Mid-text, a `Source : …`
# line under a picture is kept.)
_SOURCE_CREDIT_RE = re_compile(r"(?=.{0,80}$)(?:Podpis|Sumber|Sources?|Quellen?|Fuente|Fontes?|Fonti|Źródło|Bron|Kilde|Källa|"
                               r"Lähde|Kaynak|Источник|Джерело|Nguồn|Zdroj|Forrás|"
                               # (Croatian, Bosnian and Serbian, Slovene, Romanian, Greek, Bulgarian, Albanian, the Baltic
                               # languages, Icelandic, Arabic, Persian, Hebrew)
                               r"Izvor|Извор|Vir|Sursa|Sursă|Πηγή|Източник|Burimi|Šaltinis|Avots|Allikas|Heimild|المصدر|منبع|מקור)"
                               r"\s*[:：]\s*\S.*", re.I)


# Characters where `" ".join(text.split())` would differ from the substitutions: the invisible marks and joiners, and
# whitespace str.split() knows but _WS_RE does not (information separators, NEL, line/paragraph separators, …).
_SPLIT_DIFFERS_RE = re_compile("[\x1c-\x1f\x80-\x9f\u1680\u2028\u2029\u202f\u205f\u200b-\u200f\u2060\ufeff\u00ad\u3164\u115f\u1160\uffa0]")


def norm_space(text: str) -> str:
    """Collapse whitespace (incl. NBSP, ideographic space) into single spaces, drop invisible marks, and strip."""
    # str.split in C is ~3x cheaper than the substitutions, which cost one Python-level match per word gap
    if _SPLIT_DIFFERS_RE.search(text) is None:
        return " ".join(text.split())
    text = _ZW_RE.sub("", text)
    if "\u115f" in text or "\u1160" in text:
        text = _LOOSE_FILLER_RE.sub("", text)
    text = drop_loose_joiners(text)
    return _WS_RE.sub(" ", text).strip()


def drop_loose_joiners(text: str) -> str:
    """Drop ZWNJ/ZWJ that touch a space (as `norm_space` counts them) or an end of the text: they join nothing there
    (a `<p>&zwnj;</p>` spacer), while inside a word they are its spelling. The one rule for the extractor and the
    archive's clean pipeline."""
    if "\u200c" in text or "\u200d" in text:
        return _LOOSE_JOINER_RE.sub("", text)
    return text


_NOT_WORD_RE = re_compile(r"[\W_]+")  # compiled once: norm_key runs for every paragraph
# Romanian s/t with a cedilla (older fonts) and with a comma below are one letter: `Maramureşului` = `Maramureșului`
_CEDILLA_TO_COMMA = str.maketrans("şţ", "șț")


@lru_cache(maxsize=1024)  # pure; the same titles, site and publisher names are keyed dozens of times per page
def norm_key(text: str) -> str:
    """A comparison key: NFKC, no whitespace or punctuation, lowercase (for caption/title matching)."""
    key = _NOT_WORD_RE.sub("", unicodedata.normalize("NFKC", text)).lower()
    # str.translate looks up every character in Python: ~8 µs on a Korean paragraph, for two rare letters
    return key.translate(_CEDILLA_TO_COMMA) if "ş" in key or "ţ" in key else key


@dataclass
class Cleaned:
    """Body paragraphs after cleaning plus what cleaning pulled out of them."""

    paragraphs: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    ended_at_box: bool = False  # the text stopped at an END_BOX_LINES box: short on purpose (an expired story's lead)


def han_names(raw: str) -> list[str]:
    """Chinese person names after a reporter's role (`记者 张楠`, `评论员 罗博 萧海川`, `叨叨姐、胡一刀&李小飞刀`): two to
    four characters each. Only a byline's context makes them names: alone, `网易` or `新浪科技` is the outlet."""
    raw = norm_space(raw)
    if not _HAN_NAMES_RE.fullmatch(raw):
        return []
    return list(dict.fromkeys(w for w in _HAN_SPLIT_RE.split(raw) if not _HAN_NOT_NAME_RE.search(w)))


def marked_cjk_name(raw: str, *, han_only: bool = True) -> str | None:
    """The Chinese or Japanese name that an author-marked element or tag holds as its whole text (`<span
    class="writer">松村太郎</span>`, `<meta name="author" content="小暮ひさのり">`), else None. The markup is the context a
    bare Han name lacks elsewhere (alone, `网易` is the outlet); desks and outlets (`编辑部`, `…編集部`) are refused.
    A name of Han characters only is two to four of them, and only where `han_only` allows it: Chinese outlets put
    their own name in `<meta name="author">` (`网易`, `参考消息`), so a tag's Han-only value is not trusted."""
    name = _JA_BYWORD_RE.sub("", norm_space(raw))
    if "／" in name or "/" in name:  # `オカモト／ASCII編集部`: the writer, then the desk (and nothing but desks)
        first, *rest = [part for part in re.split(r"\s*[／/]\s*", name) if part] or [""]
        name = first if all(_JA_NOT_NAME_RE.search(x) or _HAN_NOT_NAME_RE.search(x) for x in rest) else ""
    if not _CJK_NAME_RE.fullmatch(name) or _HAN_NOT_NAME_RE.search(name) or _JA_NOT_NAME_RE.search(name):
        return None
    if not P.KANA_RE.search(name) and (not han_only or len(name.replace(" ", "").replace("\u3000", "")) > 4):
        return None
    return name


# An author-box link's label around the name: `Darrell Etherington on Twitter`, `Email Darrell Etherington`,
# `RSS Feed for …`, `Posts by …`; and the date a byline runs on into (`Stephen Totilo on August 19, 2010`).
_CONTACT_LABEL_RE = re_compile(
    r"^(?:e-?mail|follow|contact|rss feed for|(?:view |see )?(?:all )?(?:posts|articles|stories) by|more (?:from|by)|"
    r"write to)\s+(?=[A-Z])|\s+on\s+(?:twitter|x|facebook|linkedin|instagram|threads|bluesky|mastodon|google\+?)$", re.I)
# (`on` in English, `am`/`le`/`el`/`il`/`em`/`op` before a numeric date: `von Ronald Tiefenthäler am 25.04.2014`, or
# left dangling where the date was cut; a `Published …` label; the lower-case prepositions only: `Tuan Le` is a name)
_ON_DATE_RE = re_compile(r"\s+(?:(?:published|updated|posted)\b|on\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|"
                         r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d)|(?-i:am|le|el|il|em|op)\s+\d|"
                         r"(?-i:on|am|le|el|il|em|op)$).*$", re.I)


_PHOTO_COPYRIGHT_RE = re_compile(r"^[©ⓒ]\s*(?:quelle|foto|fotos|photo|photos|bild|bilder|source|image|picture|credit)s?\b"
                                 r"[^.!?]{0,50}$", re.I)
_CAP = r"[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯΑ-Ω][\w.'\-]+"
_BYWORD_NAMES_RE = re_compile(
    r"^(?i:von|par|por|door|przez|av|af|di|(?:elaborado|escrito|redactado|reportaje)\s+por|texto\s+de)\s+(?P<names>" + _CAP + r"(?:\s+(?:(?:de|da|do|dos|van|von|der|del|la|le)\s+)?"
    + _CAP + r"){1,3}(?:\s*(?:,|und|et|y|e|en|i|og|och|&)\s*" + _CAP + r"(?:\s+(?:(?:de|da|van|von|der|del)\s+)?"
    + _CAP + r"){1,3})*)\.?$")


# a writer's place after the name (`HEMMY SO in Los Angeles`), up to the next name's separator or the end
_IN_PLACE_RE = re_compile(r"\s+in\s+(?-i:[A-Z])[\w.'’\-]+(?:\s+(?-i:[A-Z])[\w.'’\-]+){0,2}(?=\s*(?:,|\band\b|&|$))")


def split_names(raw: str) -> list[str]:
    """Person names from a byline fragment: roles, emails, titles and separators removed."""
    # `‚` (U+201A, cp1252's 0x82) standing for a comma: `by Randy Shaw‚ Nov. 07‚ 2012` (BeyondChron)
    text = P.EMAIL_RE.sub(" ", raw.replace("\u201a", ","))
    text = norm_space(_PAREN_RE.sub(" ", text))  # `Cécile Ducourtieux (Bruxelles, bureau européen)`
    text = _DATE_BESIDE_RE.sub("", _ON_DATE_RE.sub("", _CONTACT_LABEL_RE.sub("", _BAR_JOB_RE.sub("", text))))
    text = _IN_PLACE_RE.sub("", text)  # `HEMMY SO in Los Angeles and …`: the place the writer reports from
    out: list[str] = []
    # a spaced dash parts a name from its dateline or desk (`حسام أبو العلا - القاهرة`); `Giang Huy - Hoàng Phương`
    # parts two names. Each part is judged on its own below (a one-word city is no name).
    parts = [x for seg in _SPACED_DASH_RE.split(text) for x in P.NAME_SPLIT_RE.split(seg)] if _SPACED_DASH_RE.search(text) \
        else P.NAME_SPLIT_RE.split(text)
    for part in parts:
        part = _SOCIAL_TAIL_RE.sub("", part.strip())
        affiliated = _KO_AFFILIATED_RE.fullmatch(part)
        if affiliated:
            if affiliated[1] not in out:
                out.append(affiliated[1])
            continue
        job = _JOB_TAIL_RE.search(part.strip()) or _CYRILLIC_JOB_TAIL_RE.search(part.strip())
        if job and " " in part.strip()[:job.start()]:  # `ALICIA DUNKLEY WILLIS Senior reporter`: the name before it
            part = part.strip()[:job.start()]
        paper = _CAPS_PAPER_TAIL_RE.search(part)
        # `Scott Brown<br>TRIBUNE-REVIEW`: the name before the paper (a name in capitals too may end so: `EMILY POST`)
        if paper and " " in part[:paper.start()].strip() and not part[:paper.start()].isupper():
            part = part[:paper.start()]
        if _CREDIT_BY_RE.match(part.strip()) or _PHOTO_CREDIT_RE.match(part.strip()):
            continue
        if not out and P.AGENCY_RE.fullmatch(" " + part.strip()) and _SPACED_DASH_RE.search(text):
            break  # `واس - مكة المكرمة`, `Reuters - London`: the wire, then its dateline's place
        if _NOT_PERSON_WORD.search(part.strip()) or (out and _NOT_PERSON.search(part.strip())) or _DOMAIN_RE.search(part) \
                or _PAPER_NAME_RE.search(part.strip()) or (out and _ROLE_FIRST_RE.match(part.strip())) \
                or (out and part.strip().startswith("The ")):  # `By Evelyn Macairan, The Philippine Star`
            break  # `By Nada Tawfik, BBC News, New York`, `Süddeutsche.de GmbH, Munich`: after the outlet, places
        name = norm_space(_NAME_NOISE_RE.sub(" ", part))
        name = _ROLE_ANY_RE.sub("", name).strip(" =:-|/")
        name = _ROLE_TAIL_RE.sub("", name).strip()
        if re.fullmatch(r"[가-힣]{2,5}(?:\s+[가-힣]{2,5})+", name):
            # "김선형 이재현" (wire style, space-separated) or "연합뉴스 홍길동": each word that is a name
            words = [w for w in name.split() if not _NOT_PERSON.search(w) and len(w) <= 4 and w not in P.DATELINE_PLACES
                     and w not in P.ROLE_PREFIX_WORDS]
            out.extend(w for w in words if w not in out)
            continue
        if re.fullmatch(r"[A-Z0-9]{2,6}", name):
            continue  # MBN, KBS, YTN: broadcaster acronyms, not people
        if not name or len(name) > 40 or any(ch.isdigit() for ch in name) or "@" in name or "http" in name.lower():
            continue
        if not (_KO_NAME_RE.match(name) or _SPACED_NAME_RE.match(name)
                or (_WORDS_NAME_RE.match(name) and not _NO_SPACE_SCRIPT_RE.search(name))):
            continue
        agency = P.AGENCY_RE.search(name)
        if agency:  # `GARY B. GRAVES AP Sports Writer`: the person before the wire's name, if any
            name = name[:agency.start()].strip(" ,-–")
        if not name or _NOT_PERSON.search(name) or _NOT_PERSON_WORD.search(name) or _DESK_FIRST_RE.match(name) \
                or _FIRM_FIRST_RE.match(name) or _TITLE_NAME_RE.match(name) or _SITE_LINK_NAME_RE.match(name):
            continue
        if _SPACED_NAME_RE.match(name):
            name = _ACADEMIC_TITLE_RE.sub("", name)  # `MUDr. Štěpán Budka`, `Prof. Dr. …`: the person without the degree
            if " " not in name:
                continue  # `Berlin` after `Markus Balser`, `Mac`, user handles: a bylined person has two names
            # (two letters too: `VP of Growth`, `Marketing at Storemaven` are a job title, not names)
            if any(w.islower() and len(w) >= 2 and w not in _NAME_PARTICLES for w in name.split()):
                if len(parts) > 1 and out:
                    break  # `Jonathan Fishman, VP of Growth & Marketing at Storemaven`: the name, then a job title
                if len(parts) > 1:
                    return []  # `Zone Justice et faits divers`: a phrase that `et` cut, not a list of names
                continue  # `komerční článek` (advertorial), `domena publiczna`: words, not a person's names
            name = _name_case(name)
        if name not in out:
            out.append(name)
    return out


# an English job title run on after two or more words of a name, no comma between (`ALICIA DUNKLEY WILLIS Senior
# reporter`, `Jane Doe Staff Writer`)
_JOB_TAIL_RE = re_compile(r"\s+(?:(?:senior|chief|staff|political|business|sports?|court|crime|health|"
                          r"education|news|associate|contributing|managing|deputy|special|investigative|digital|features?|"
                          r"general|city|metro|assistant|executive|foreign|national|local|environment(?:al)?|science|"
                          r"tech(?:nology)?|parliamentary|entertainment|opinion|lifestyle|legal|justice|finance|"
                          r"financial)\s+){1,3}(?:reporter|writer|correspondent|editor|journalist|columnist|contributor|"
                          r"photographer|producer)s?$", re.I)
# ... and a Russian/Ukrainian one, with whatever follows it (`Ксения Терлецкая Главный редактор интернет-службы «…»`)
_CYRILLIC_JOB_TAIL_RE = re_compile(r"\s+(?:(?:главн|старш|ведущ|выпускающ|специальн|собственн|головн)\w*\s+)?"
                                   r"(?:редактор|корреспондент|журналист|обозреватель|колумнист|редакторка|журналістка)\w*"
                                   r"(?:\s.*)?$", re.I)
# a job title after the name (`Paulo Virgílio - Repórter da Agência Brasil`, `…, Correspondent for …`)
_ROLE_FIRST_RE = re_compile(r"^(?:rep[oó]rter|reporter(?:in)?|correspondente?|correspondent|corresponsal|redator[a]?|"
                            r"redakteur(?:in)?|jornalista|periodista|editor[a]?|editora)\b", re.I)
# a firm named by its legal form first (Indonesian `PT. VIVA MEDIA BARU`, `CV …`)
_FIRM_FIRST_RE = re_compile(r"^(?:PT|P\.T|CV|Pt)\.?\s+\S")
# a paper's name: an article and one word (`Die Zeit`, `The Independent`, `Il Giornale`); people's names open otherwise
_TITLE_NAME_RE = re_compile(r"^(?:Die|Der|Das|The|Les|Il)\s+\S+$")
# a desk named by its first word (`Zone Société - ICI.Radio-Canada.ca`, `Rubrique Culture`, `Service Politique`)
_DESK_FIRST_RE = re_compile(r"^(?:zone|rubrique|service|pôle|équipe|desk|team|ressort|redaktion|sección|secção)\s", re.I)
_SPACED_DASH_RE = re_compile(r"\s+[-–—]\s+")
# a job title set beside the name by a bar (`Edmundo Carrillo | Journal Staff Writer`)
_BAR_JOB_RE = re_compile(r"\s+\|\s+[^|]{0,40}\b(?:writer|reporter|editor|correspondent|columnist|journalist|contributor)s?$", re.I)
# a contact link's label run on after the name (`Jason Linkins Twitter`)
_SOCIAL_TAIL_RE = re_compile(r"\s+(?:on\s+)?(?:twitter|facebook|instagram|linkedin|bluesky|threads|e-?mail)$", re.I)
# a newspaper's name (`Santa Cruz Sentinel`, `Simcoe Reformer`, `The Times-Picayune`): two or more words, the last a
# word papers are named by and people are not
_PAPER_NAME_RE = re_compile(r"\S\s+(?:the\s+)?(?:[\w.'\-]+-)?(?:sentinel|times|tribune|herald|journal|gazette|chronicle|"
                            r"reformer|telegraph|examiner|observer|courier|dispatch|enquirer|inquirer|bulletin|democrat|"
                            r"statesman|advertiser|picayune|recorder|intelligencer|mercury|clarion|argus)$", re.I)
# the paper's name in capitals run into the name after a line break (`Scott Brown TRIBUNE-REVIEW`, `… THE DAILY
# HERALD`): a paper word of `_PAPER_NAME_RE`, all capitals, maybe hyphenated with another
_CAPS_PAPER_TAIL_RE = re_compile(r"\s+(?-i:(?:THE\s+)?(?:[A-Z]+\s+)?(?:[A-Z]+-)?(?:SENTINEL|TIMES|TRIBUNE|HERALD|JOURNAL|GAZETTE|"
                                r"CHRONICLE|TELEGRAPH|EXAMINER|OBSERVER|COURIER|DISPATCH|ENQUIRER|INQUIRER|BULLETIN|"
                                r"DEMOCRAT|STATESMAN|ADVERTISER|RECORDER|MERCURY|ARGUS|PRESS|POST|NEWS)(?:-[A-Z]+)?)\s*$")
# `August 18, 2010 | Anthony Ha`: a date set beside the name by a bar or bullet
_DATE_BESIDE_RE = re_compile(r"^(?:[^|•]*\d{4}[^|•]*\s+[|•]\s+)+|(?:\s+[|•]\s+[^|•]*\d{4}[^|•]*)+$")
_ACADEMIC_TITLE_RE = re_compile(r"^(?:(?:Prof|Dr|Doz|Dipl|Ing|Mgr|MUDr|JUDr|PhDr|RNDr|MVDr|PaedDr|Bc|Dr\.-Ing|"
                                r"PhD|Mag)\.\s*)+")
# lower-case words inside a person's name (`Jan de Vries`, `Ursula von der Leyen`, `Muhammad bin Salman`)
_NAME_PARTICLES = frozenset({"von", "van", "der", "den", "del", "della", "des", "dos", "das", "die", "ten", "ter", "bin",
                             "ibn", "bint", "abu", "ben", "zu", "af", "al", "el", "la", "le", "de", "da", "di", "du", "do",
                             "te", "op", "ap", "lo", "st"})
_TRAILING_DOT_RE = re_compile(r"(?<=[^\W\d_]{3})\.$")


def _name_case(name: str) -> str:
    """`GARY B. GRAVES` → `Gary B. Graves`, `Patrick ANGEVIN.` → `Patrick Angevin`: a name's capitalised words (an
    AP or French byline's house style) in the case the person writes it; a closing full stop dropped."""
    name = _TRAILING_DOT_RE.sub("", name)
    # two capitals among mixed-case words are initials (`MG Siegler`, `TJ Holmes`), not a shouted name
    shouted = name.isupper()
    return " ".join(w.title() if w.isupper() and len(w.rstrip(".")) >= (2 if shouted else 3) else w for w in name.split())


def _any(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    return first_match(patterns, text)  # the first pattern's match, its anchored rules tried in one call


_RIGHTS_OPENING_RE = re_compile(r"(?:copyright\s*(?:©|\(c\)|\d{4})|©\s*\d{4}|ⓒ"
                                r"|(?:the\s+)?(?:copying|reproduction|republication|redistribution)\b.{0,80}\bcontent\b)", re.I)


def is_credit_line(text: str) -> bool:
    """True when a line is a photo credit / caption shape (`…있다. /LG그룹 제공`, `사진=연합뉴스`)."""
    return len(text) < 400 and _any(P.CREDIT_LINES, text) is not None


def marker_text_lines(lines: list[str]) -> set[int]:
    """Indexes of marker-led lines that are article text: `◆`/`◇` subheads (two or more with one marker, each
    followed by a prose line) and runs of two or more `▲` list items."""
    keep: set[int] = set()
    by_marker: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        m = P.SUBHEAD_MARKER_RE.match(line)
        if m and i + 1 < len(lines) and P.PROSE_LINE_RE.match(lines[i + 1]):
            by_marker.setdefault(m["m"], []).append(i)
    for idxs in by_marker.values():
        if len(idxs) >= 2:
            keep.update(idxs)
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if P.LIST_MARKER_RE.match(line) and not is_credit_line(line.lstrip("▲ ")):
            run.append(i)
            continue
        if len(run) >= 2:
            keep.update(run)
        run = []
    return keep


# A Japanese press release's closing company profile: `アドエビスについて` / `会社概要`, then labelled facts.
_JA_ABOUT_RE = re_compile(r"^[【■●◆\[]?\s*(?:会社概要|企業概要|[^\s、。]{2,30}について)\s*[】\]]?$")
_PROFILE_FACT_RE = re_compile(r"^(?:本社|所在地|住所|代表者?|代表取締役|設立|創業|資本金|事業内容|会社名|URL|ＵＲＬ)\s*[:：]")


_ZH_SIGN_OFF_RE = re_compile(r"[（(]\s*(?P<name>[\u4e00-\u9fff]{2,4})\s*[）)]")
_ZH_ORG_END_RE = re_compile(r"[社報报網网台臺聞闻導导部組组站刊]$|^(?:完|綜合|综合|編譯|编译)")


def _profile_heading(lines: list[str], i: int) -> bool:
    """An `About X` heading in Japanese whose next lines are company facts (`代表者：…`, `設立：…`): the release's
    boilerplate starts there. The facts decide: `…について` alone is also an ordinary subheading."""
    return bool(_JA_ABOUT_RE.match(lines[i])) and sum(bool(_PROFILE_FACT_RE.match(x)) for x in lines[i + 1:i + 9]) >= 2


_CYRILLIC_RE = re_compile(r"[\u0400-\u04ff]")
_MIXED_SCRIPT_WORD_RE = re_compile(r"\b(?=\w*[a-zA-Z])(?=\w*[\u0400-\u04ff])\w+\b")


def _homoglyph_line(text: str) -> bool:
    """A line whose words mix Latin and Cyrillic letters (`Аdvеrtіѕе wіth thе …`): an advert spelled with look-alike
    letters so that blockers miss it, never a writer's text."""
    # most lines hold no Cyrillic letter at all: one scan for one, before the per-word lookaheads
    return _CYRILLIC_RE.search(text) is not None and len(_MIXED_SCRIPT_WORD_RE.findall(text)) >= 3


def clean_paragraphs(paragraphs: list[str], *, drop: set[str] | None = None) -> Cleaned:
    """Remove non-article lines and strip bylines; `drop` holds norm_keys of captions/title to leave out."""
    out = Cleaned()
    drop = drop or set()
    n = len(paragraphs)
    normed = [norm_space(p) for p in paragraphs]
    keep = marker_text_lines(normed)
    for i, text in enumerate(normed):
        if not text:
            continue
        key = norm_key(text)
        if not key or key in drop or _homoglyph_line(text) \
                or (any(hint in text for hint in P.NOTICE_HINTS) and _any(P.NOTICE_LINES, text)):
            continue
        if i < 3 or not out.paragraphs:
            # Byline glued to the start of one of the first paragraphs.
            for rx in P.BYLINE_PREFIXES:
                m = rx.match(text)
                if m and len(text) > m.end():
                    if m.groupdict().get("names"):
                        named = split_names(m["names"]) or han_names(m["names"])
                        out.authors.extend(n_ for n_ in named if n_ not in out.authors)
                    text = text[m.end():].lstrip(" =:-")
                    break
        if i >= n - 3 and len(text) > 40:
            # A byline glued after the last sentence of one of the closing paragraphs.
            m = P.TRAILING_BYLINE_RE.search(text)
            if m:
                out.authors.extend(n_ for n_ in split_names(m["names"]) if n_ not in out.authors)
                out.emails.extend(e for e in P.EMAIL_RE.findall(m.group(0)) if e not in out.emails)
                text = text[:m.start()].rstrip()
            elif text.endswith("»") and (m := P.TRAILING_OUTLET_RE.search(text, len(text) - 40)):
                text = text[:m.start()].rstrip()
            elif "@" in text[-80:] and (m := P.TRAILING_EMAIL_RE.search(text, len(text) - 80)):
                if m["email"] not in out.emails:
                    out.emails.append(m["email"])
                text = text[:m.start()].rstrip()
        if len(text) < 200:
            m = _any(P.BYLINE_LINES, text)
            if m is None and (i < 2 or i >= n - 2):
                # `Von Jennifer Patt`, `Par Jean Dupont`, `Por María López y Juan Pérez` alone on the first or last
                # line: a by-word in the page's language and capitalised names only
                m = _BYWORD_NAMES_RE.match(text)
            if m:
                names = m.groupdict().get("names")
                if names:
                    out.authors.extend(n_ for n_ in split_names(names) or han_names(names) if n_ not in out.authors)
                found = P.EMAIL_RE.findall(text)
                out.emails.extend(e for e in found if e not in out.emails)
                if found and not names and not P.EMAIL_RE.sub("", text).strip(" ,;/()[]<>"):
                    _name_above_address(out, found[0])
                continue
            emails = P.EMAIL_RE.findall(text)
            if emails and len(P.EMAIL_RE.sub("", text).strip(" ,;/()[]<>")) < 30:
                rest = P.EMAIL_RE.sub("", text)
                out.authors.extend(n_ for n_ in split_names(rest) if n_ not in out.authors and P.ROLE_WORDS and re.search(P.ROLE, rest))
                out.emails.extend(e for e in emails if e not in out.emails)
                if not rest.strip(" ,;/()[]<>"):
                    _name_above_address(out, emails[0])
                continue
            if out.paragraphs and _any(P.END_BOX_LINES, text):
                out.ended_at_box = True
                break
            if _any(P.PAYWALL_LINES, text):
                if sum(map(len, out.paragraphs)) >= 150:
                    break  # the free part of the story ends here
                continue
            if _PHOTO_COPYRIGHT_RE.match(text):
                continue  # `© quelle hpc`, `© Foto: dpa` under a picture: its credit, not the page's copyright line
            if _any(P.STOP_LINES, text) or _profile_heading(normed, i):
                if i >= n * 0.5 or (len(text) < 120 and sum(map(len, out.paragraphs)) >= 150):
                    break
                continue  # a copyright/end line above the text (`© 2003 Jamie Zawinski` under the title) ends nothing
            if i not in keep and ((_any(P.PROMO_LINES, text) and not P.MARKER_PROSE_RE.match(text))
                                  or is_credit_line(text) or P.DATE_LINE_RE.match(text)
                                  # (a stamp in a table row of empty cells: `| 12:40, Jan 13 2008 | |`)
                                  or (text[0] == "|" and P.DATE_LINE_RE.match(text.strip("| ")))
                                  or (len(text) <= 30 and P.AGENCY_RE.fullmatch(text))):  # `Efe` alone: the wire's credit
                if len(out.paragraphs) == 1 and i <= 3 and _stamp_label(out.paragraphs[0]) and P.DATE_LINE_RE.match(text):
                    out.paragraphs.pop()  # `દિવ્ય ભાસ્કર` over `Mar 28, 2020, 06:15 PM IST`: the stamp's outlet, not text
                continue
        elif _any(P.STOP_LINES, text[:120]) and (i >= n * 0.7 or (
                len(text) < 400 and _RIGHTS_OPENING_RE.match(text) and sum(map(len, out.paragraphs)) >= 150)):
            # (earlier too when the line opens as a copyright notice after some text: `Copyright © 2012 The Daily
            # Observer. All rights reserved. Distributed by AllAfrica …`, the agency's page furniture after it)
            break
        out.paragraphs.append(text)
    # Trailing byline-ish remnants like a lone reporter name.
    while out.paragraphs and re.fullmatch(rf"/?\s*{P.KO_NAMES}\s*$", out.paragraphs[-1]):
        out.authors.extend(n_ for n_ in split_names(out.paragraphs.pop()) if n_ not in out.authors)
    # A closing desk sign-off: the editors' initials and the wire (`aja/PAP`, `(vyp/kna)`, `(APA/Red.)`), not text.
    # A widget label after it (`Conforme a los criterios de`, the Trust Project's) is not text either: the story ends
    # at its sign-off.
    for k in range(len(out.paragraphs) - 1, max(0, len(out.paragraphs) - 5), -1):
        after = out.paragraphs[k + 1:]
        # what follows a sign-off is the site's: widget labels, or a short notice (`Diese Seite zeigt gesponserten …`)
        if _SIGN_OFF_RE.fullmatch(out.paragraphs[k]) and (all(len(p) < 60 for p in after)
                                                          or (len(after) <= 3 and sum(map(len, after)) < 300)):
            del out.paragraphs[k:]
            break
    # Closing credits, each read once in this order: a source or desk, a Vietnamese sign-off, a wire sign-off.
    for read in (_source_credit, _vi_sign_off, _wire_sign_off):
        credit = read(out.paragraphs[-1]) if len(out.paragraphs) > 1 else None
        if credit is not None:
            out.paragraphs.pop()
            if credit and credit not in out.authors:
                out.authors.append(credit)
    # A dashed sign-off closing the text (`– David Dunkley`, Jamaica Observer): the writer, not text.
    if len(out.paragraphs) > 1:
        m = _DASH_SIGN_OFF_RE.fullmatch(out.paragraphs[-1])
        named = split_names(m["names"]) if m else []
        if named and norm_key("".join(named)) == norm_key(m["names"]) and all(" " in x for x in named):
            out.paragraphs.pop()
            out.authors.extend(x for x in named if x not in out.authors)
    # A Chinese sign-off in brackets closing the text (`（羅森）`, `（中央社）`): not text; a person's name is the author.
    if len(out.paragraphs) > 1:
        m = _ZH_SIGN_OFF_RE.fullmatch(out.paragraphs[-1])
        if m:
            out.paragraphs.pop()
            if not _ZH_ORG_END_RE.search(m["name"]) and m["name"] not in out.authors:
                out.authors.append(m["name"])
    # A summary deck opening the text that one of the next paragraphs holds word for word after its opening (QbitAI's
    # `div.zhaiyao`, the closing sentence of the first paragraph): said once, where the story says it.
    if len(out.paragraphs) > 1 and len(out.paragraphs[0]) >= 25 \
            and any(p.find(out.paragraphs[0]) > 0 for p in out.paragraphs[1:4]):
        del out.paragraphs[0]
    return out


def _source_credit(line: str) -> str | None:
    """'' when the line credits the source or desk the story came from (`Sumber : Antara`, `GIS`), else None."""
    return "" if _SOURCE_CREDIT_RE.fullmatch(line) or _ACRONYM_CREDIT_RE.fullmatch(line) \
        or _SOURCE_LIST_RE.fullmatch(line) else None


# a closing list of the story's sources (`** Kilder: ESPN, NFL.com, Fox Sports, …`, NRK): three or more names, no sentence
_SOURCE_LIST_RE = re_compile(r"\**\s*(?:Kilder|Kilde|Källor|Lähteet|Sources|Quellen|Fuentes|Fontes|Fonti|Bronnen|Izvori|"
                             r"Źródła|Zdroje|Источники)\s*[:：]\s*[^,.;:]{2,40}(?:,\s*[^,;:]{2,40}){2,}\.?", re.I)


def _vi_sign_off(line: str) -> str | None:
    """The writer a Vietnamese sign-off names ('' for the source alone: `(Theo VnExpress)`), else None."""
    m = _VI_SIGN_OFF_RE.fullmatch(line)
    return (m["name"] or "") if m else None


def _wire_sign_off(line: str) -> str | None:
    """The writer a wire's sign-off or desk credit names (`Z Brukseli Krzysztof Strzępka (PAP)`), else None."""
    m = _WIRE_SIGN_OFF_RE.fullmatch(line)
    if m and P.AGENCY_RE.fullmatch(" " + (m["wire"] or m["desk"]).strip()):
        return m["names"] or m["writer"]
    return None


def _stamp_label(text: str) -> bool:
    """A label line that can sit over the story's date line (an outlet, a place, a kicker): a few words, no sentence."""
    return len(text) <= 30 and len(text.split()) <= 4 and text[-1] not in ".!?。:"


def _slug_words(path: str) -> list[str]:
    """The words of an address's last segment (`/journaliste/stephanie-maupas/` → `["stephanie", "maupas"]`)."""
    last = path.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return [w for w in re.split(r"[-_.]+", last.lower()) if w.isalpha()]


def _cut_to_slug(name: str, slugs: list[list[str]]) -> str:
    """`name` cut to the words an author page's address spells, when it starts with them and goes on."""
    words = name.split()
    for slug in slugs:
        if len(words) > len(slug) and [_letters(_loose_key(w)) for w in words[:len(slug)]] == slug:
            return " ".join(words[:len(slug)])
    return name


def _name_above_address(out: Cleaned, address: str) -> None:
    """`PETER CHRISTOPHER` above `peter.christopher@guardian.co.tt`: the address confirms the line above is a byline
    (it spells the same name), so that line moves from the text to the authors."""
    if not out.paragraphs:
        return
    named = split_names(out.paragraphs[-1])
    if len(named) == 1 and _letters(named[0]) == _letters(address.split("@")[0]) \
            and norm_key(named[0]) == norm_key(out.paragraphs[-1]):
        out.paragraphs.pop()
        if named[0] not in out.authors:
            out.authors.append(named[0])


_DASH_SIGN_OFF_RE = re_compile(r"[–—]\s*(?P<names>[^\W\d_][^\d,;:.!?]{3,60})")


def _letters(text: str) -> str:
    """The letters of a name or address part, lower-cased (`Peter Christopher`, `peter.christopher` → `peterchristopher`)."""
    return "".join(ch for ch in text.lower() if ch.isalpha())


def _loose_key(text: str) -> str:
    """norm_key without combining marks, for matching a name against the outlet's spelling of itself."""
    return norm_key("".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)))


_OUTLET_TAIL_RE = re_compile(r"\s+[-–—|]\s+")


_INITIALS_RE = re_compile(r"(?:[^\W\d_]\.\s?){1,3}")


_TRAILING_WEEKDAY_RE = re_compile(r"\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day$")


def clean_authors(values: list[str], *, exclude: set[str] | None = None, marked: str | None = None) -> list[str]:
    """Names only (no 기자/reporter/email), de-duplicated, without organization names in `exclude`. `marked` says the
    values come from author markup, so a whole Chinese/Japanese name counts: "element" (`.author`, JSON-LD Person)
    or "tag" (`<meta name="author">`, where only a name with kana is trusted; see `marked_cjk_name`)."""
    # an address is no outlet name (a WordPress `article:publisher` is the writer's own Facebook page:
    # `https://www.facebook.com/pamelageller` would exclude `Pamela Geller` as part of it)
    exclude = {x for x in exclude or () if x and not x.startswith(("http://", "https://", "//"))}
    # compared without diacritics: `Graiul Maramureşului` (s-cedilla) is the site `Graiul Maramureșului` (s-comma)
    exclude_keys = {_loose_key(x) for x in exclude}
    # ... and the outlet's own name before its place or motto (`KAGS TV - College Station, Texas` → `KAGS TV`)
    exclude_keys |= {k for x in (exclude or set()) if x and _OUTLET_TAIL_RE.search(x)
                     for k in [_loose_key(_OUTLET_TAIL_RE.split(x, 1)[0])] if len(k) >= 4}
    # a one-word outlet name opening a "name" makes it a desk or role (`GalTime Entertainment Diva`, `BBC News`)
    outlet_words = {_loose_key(x) for x in (exclude or set()) if x and len(x) >= 4 and " " not in x.strip()}
    out: list[str] = []
    lower_case = all(v.islower() for v in values if v and v.strip())
    # the author page's address beside the byline (microdata `itemprop=author` on the link and its text): its last
    # segment spells the name, so words after them are the dateline (`Stéphanie Maupas La Haye, correspondance` with
    # `/journaliste/stephanie-maupas/`)
    slugs = [words for v in values if v and v.startswith("/") for words in [_slug_words(v)] if len(words) >= 2]
    for value in values:
        if not value or value.startswith(("http://", "https://", "//")):
            continue
        if "&" in value:
            value = html.unescape(value)  # `H&#233;ctor J. Cruz` escaped twice in JSON-LD
        if _loose_key(value) in exclude_keys:
            continue  # the outlet itself (`KAGS TV - College Station, Texas`): no part of it is a person
        if lower_case and 2 <= len(value.split()) <= 6 and len(value) <= 60 and (marked == "element"
                                                                               or value.startswith("by ")) \
                and all(len(w) >= 2 for w in value.split()):
            # a byline set in lower case, capitalised by the page's style sheet (`by <a>razak ahmad</a>`); not one
            # lower-case value among cased names (`["MUDr. Štěpán Budka", "komerční článek"]`: a label)
            value = value.title()
        names = split_names(value)
        if not names and marked:
            cjk = marked_cjk_name(value, han_only=marked == "element")
            names = [cjk] if cjk else []
        for name in names:
            name = _cut_to_slug(name, slugs)
            # the stamp's weekday run into the name (`By David Lassen<br>Thursday, December 27, 2007`)
            name = _TRAILING_WEEKDAY_RE.sub("", name) if name.endswith("day") and name.count(" ") >= 2 else name
            key = _loose_key(name)
            # `Korea Herald` for the site `The Korea Herald`: a long name inside the outlet's name is the outlet.
            # ... and a byline that is the outlet's name after a by-word (`De Graiul Maramureşului`)
            if key in exclude_keys or (len(key) >= 8 and any(key in k or (len(k) >= 8 and k in key) for k in exclude_keys)):
                continue
            if " " in name and _loose_key(name.split(" ", 1)[0]) in outlet_words:
                continue
            if _INITIALS_RE.fullmatch(name):
                continue  # `N. V.`, `T.V.`: a desk's initials sign the story, they name no one a reader can find
            same = next((i for i, o in enumerate(out) if o.casefold() == name.casefold()), None)
            if same is not None:  # `STEVEN DAVIDOFF SOLOMON` and `Steven Davidoff Solomon`: one person
                if out[same].isupper() and not name.isupper():
                    out[same] = name
                continue
            out.append(name)
    return out
