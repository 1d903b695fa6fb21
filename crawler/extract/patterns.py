"""Extraction rules kept as data: Korean (and English) byline, boilerplate, promo, credit and DOM patterns.

Every rule here is a table entry; the code that applies them lives in `clean.py`, `body.py` and `dates.py`.
Add a new outlet's quirk by adding a row, not an `if`.
"""

from __future__ import annotations

import re
from datetime import timedelta

from crawler.extract.regex_cache import re_compile

# --- names and roles ---------------------------------------------------------------------------------------

# Job titles that follow a reporter's name in Korean bylines (longest first so 선임기자 wins over 기자).
ROLE_WORDS: tuple[str, ...] = (
    "선임기자", "전문기자", "객원기자", "인턴기자", "수습기자", "사진기자", "영상기자", "취재기자", "기자",
    "특파원", "논설위원", "논설실장", "편집위원", "선임연구위원", "객원논설위원", "기획위원", "연구위원", "전문위원", "칼럼니스트", "통신원",
    "기상캐스터", "리포터", "앵커", "에디터", "PD", "작가",
)
ROLE = "(?:" + "|".join(ROLE_WORDS) + ")"
# The first word of a two-word role (`박지은 인턴기자` read as names `박지은 인턴` + role `기자`): never a name.
ROLE_PREFIX_WORDS: frozenset[str] = frozenset(w[:-2] for w in ROLE_WORDS if w.endswith("기자") and len(w) > 2)
KO_NAME = r"[가-힣]{2,4}"
# space-separated names only where a separator or the role follows the run (`(세종=연합뉴스) 이세원 이대희 민경락 기자 =`)
KO_NAMES = rf"{KO_NAME}(?:\s*[·ㆍ,、/]\s*{KO_NAME}|\s{KO_NAME}(?=(?:\s{KO_NAME}){{0,4}}\s*(?:[·ㆍ,、/]|{ROLE})))*"
EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
EMAIL_RE = re_compile(EMAIL)
# "and" between names in a byline: en de es fr it/pt da/no sv, pl/hr/ca, fi, nl, cs/sk, hu, ru/uk/bg, tr (not
# Indonesian `dan`, a first name too)
NAME_SPLIT_RE = re_compile(r"\s*(?:[·ㆍ,、/&;]|\b(?:and|und|y|et|e|og|och|i|ja|en|a|és|и|і|ve)\b|\s와\s|\s과\s)\s*")
# Hiragana and katakana: text with them is Japanese (Han alone may be Chinese).
KANA_RE = re_compile(r"[\u3040-\u30ff]")
# News agencies and newsroom names: a byline naming only one of them names no person (the real-page labels' rule:
# `Agencia Efe`, `Af Ritzau`, `Redazione ANSA`, `AFP agence`, `AP Sports Writer` are not authors).
AGENCY_RE = re_compile(
    r"(?:^|\s)(?:AFP|AP|CNN|BBC|NBC|CBS|ABC|NPR|PBS|CNBC|MSNBC|ESPN|EFE|ANSA|DPA|PAP|ČTK|CTK|TASR|APA|SDA|ATS|ANP|NTB|STT|IANS|PTI|ANI|KNA|AAP|UPI|MTI|HINA|BTA|TASS|"
    r"ТАСС|УНІАН|UNIAN|РИА|RIA)(?=$|\s)"
    r"|(?i:(?:^|\s)(?:reuters|efe|ritzau|dpa|belga|anadolu|xinhua|kyodo|jiji|interfax|интерфакс|ukrinform|укрінформ|bernama|"
    r"agerpres|tanjug|yonhap|agence|agencia|agenzia|agência|agentur|agencja|agentura|ajansı|redazione|redaktion|"
    # more wires and newsrooms, and police press offices (`Polizei Steinfurt`, a report the police wrote)
    r"europa press|press association|canadian press|associated press|bloomberg|notimex|télam|telam|prensa latina|sputnik|lusa|folhapress|estadão conteúdo|uol|"
    r"portal|polizei|polizeipräsidium|polizeiinspektion|police|policja|policie|polícia|polizia|"
    r"rédaction|redacción|redação|redakcja|redakce|toimitus|新华社|共同通信|時事通信|연합뉴스|뉴시스|"
    # Arabic wires: SPA, WAM, QNA, KUNA, BNA, SANA, WAFA, MENA, Reuters, AFP, Anadolu
    r"واس|وام|قنا|كونا|بنا|سانا|وفا|أ ش أ|رويترز|أ ف ب|الأناضول)(?=$|\s))")
# "The newsroom" in the languages of the corpus: named as a story's author, it names no writer (`Redaksjonen`, NTB copy
# on sporten.com; `<a rel="author">Redaktion</a>`). Read by `clean.clean_authors` and the author-page link reader.
NEWSROOM_WORDS = ("newsroom", "redaktion", "rédaction", "redacción", "redaccion", "redazione", "redakcja", "redakce",
                  "redakcia", "redakcija", "redação", "redacao", "redaksjonen", "redaksjon", "redaktionen", "redactie",
                  "toimitus", "uredništvo", "uredništva", "szerkesztőség")
# An outlet's name: a short name ending in a word news outlets end in (파이낸셜뉴스, 디지털타임스, 머니S is not).
OUTLET = r"(?:[가-힣A-Za-z0-9]{0,10}(?:뉴스|일보|신문|경제|데일리|투데이|타임스|저널|방송|미디어|포커스|닷컴|비즈|포스트|헤럴드|TV|KOREA|Korea))"
# Place names that open a byline (`세종 황비웅 기자`, `세종=김아진 기자`): a dateline, never a person.
DATELINE_PLACES: frozenset[str] = frozenset({
    "서울", "세종", "부산", "대구", "인천", "광주", "대전", "울산", "수원", "의정부", "춘천", "원주", "강릉", "청주", "천안",
    "홍성", "전주", "무안", "목포", "여수", "순천", "안동", "포항", "경주", "구미", "창원", "진주", "김해", "제주", "서귀포",
    "고양", "성남", "용인", "안산", "평택", "화성", "파주", "과천", "판문점", "워싱턴", "뉴욕", "베이징", "도쿄", "파리",
    "런던", "베를린", "모스크바", "브뤼셀", "홍콩", "상하이", "하노이", "방콕", "자카르타", "뉴델리", "두바이", "카이로",
    "예루살렘", "로스앤젤레스", "실리콘밸리", "시드니", "제네바", "오타와", "멕시코시티", "상파울루", "부에노스아이레스",
    "국회", "정부세종청사",
})
DATELINE = r"(?:[가-힣]{2,8}\s*=\s*|(?:" + "|".join(sorted(DATELINE_PLACES, key=len, reverse=True)) + r")\s+)"

BROADCASTER = r"(?:KBS|MBC|SBS|YTN|JTBC|MBN|EBS|OBS|CBS|BBS|TBS|TJB|KNN|UBC|JIBS|TV조선|채널A|연합뉴스TV|연합뉴스|뉴스1|G1|KBC|JTV|CJB|TBC|ubc)"

# Byline prefixes glued to the first paragraph; `names` (when present) are the reporters.
BYLINE_PREFIXES: tuple[re.Pattern[str], ...] = tuple(re_compile(p) for p in (
    # [더팩트 | 서재근 기자]   [더팩트ㅣ이새롬 기자]
    rf"^\[\s*[^\]\[|ㅣ｜]{{1,30}}?\s*[|ㅣ｜]\s*(?P<names>{KO_NAMES})\s*{ROLE}\s*\]\s*",
    # [헤럴드경제=박지영 기자]   [아시아경제 세종=김철수 기자]   [OSEN=잠실, 이상학 기자] (a place, comma, the reporter)
    rf"^[\[(【]\s*[^\])】=]{{1,25}}=\s*(?:[가-힣]{{2,8}}\s*,\s*(?={KO_NAME}\s*{ROLE}\s*[\])】]))?(?P<names>{KO_NAMES})\s*{ROLE}\s*[\])】]\s*",
    # (서울=연합뉴스) 홍길동 기자 =     (세종=뉴스1) 김철수·이영희 기자 =
    rf"^[(\[【]\s*[^)\]】=]{{1,20}}=\s*[^)\]】]{{1,20}}[)\]】]\s*(?:(?P<names>{KO_NAMES})\s*{ROLE}\s*[=:]?\s*)?",
    # [아시아경제 김철수 기자]   [이데일리 홍길동 기자]   (엑스포츠뉴스 김예나 기자)
    rf"^\[\s*[^\]\[]{{1,20}}\s+(?P<names>{KO_NAMES})\s*{ROLE}\s*\]\s*",
    # [시선뉴스 박진아, 이시연 수습기자 / 디자인 최지민, 구본영 수습]: the designers' credit after a slash
    rf"^\[\s*{OUTLET}\s+(?P<names>{KO_NAMES})\s*{ROLE}\s*/\s*[^\]\[/]{{1,40}}\]\s*",
    rf"^\(\s*{OUTLET}\s+(?P<names>{KO_NAMES})\s*{ROLE}\s*\)\s*",
    # [파이낸셜뉴스]  [디지털데일리]  — the outlet's name alone in brackets opening the text
    rf"^\[\s*{OUTLET}\s*\]\s*(?=\S)",
    # 홍길동 기자 =   홍길동 특파원 =
    rf"^(?P<names>{KO_NAMES})\s*{ROLE}\s*=\s*",
    # (홍길동 기자)  at the very start
    rf"^\(\s*(?P<names>{KO_NAMES})\s*{ROLE}\s*\)\s*",
    # 서울--(뉴스와이어)--2024년 06월 17일 --   (press-release wire dateline)
    r"^[가-힣A-Za-z]{1,15}\s*--\s*\([^)]{2,20}\)\s*--\s*\d{4}년\s*\d{1,2}월\s*\d{1,2}일\s*--\s*",
    # 【서울=뉴시스】 style already covered; English wire datelines are part of the text and stay.
    # 经济观察网 记者 蔡越坤 姜鑫 6月12日，…: a Chinese outlet's reporters, space-separated, opening the text
    r"^[\u4e00-\u9fff·]{2,12}?\s?(?:记者|記者)\s+(?P<names>[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4}){0,3})\s+(?=\S{5})"
    r"(?![\u4e00-\u9fff]{2,8}(?:报道|報導|報道)$)",
    # `By Aaron Humes: The Americas cannot …` — an English byline glued to the opening sentence by a colon or dash
    r"^By (?P<names>[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){1,3}(?:\s+and\s+[A-Z][\w'’.\-]+(?:\s+[A-Z][\w'’.\-]+){1,3})?)"
    r"\s*[:—–]\s+(?=[A-Z“\"‘])",
))

# Whole paragraphs that are only a byline (names/emails captured, paragraph dropped).
BYLINE_LINES: tuple[re.Pattern[str], ...] = tuple(re_compile(p, re.I) for p in (
    # 新京报记者 彭冲 山东冠县报道: a Chinese outlet's reporter line, with the place it reports from
    r"^[\u4e00-\u9fff·]{2,12}?\s?(?:记者|記者)\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:[\s、，,]+[\u4e00-\u9fff]{2,4}){0,3}?)"
    r"(?:\s+[\u4e00-\u9fff]{2,8}(?:报道|報導|報道))?$",
    # a Chinese closing reporter line: `扬子晚报记者 张楠`, `本报记者 王小明 李华`; `采写：南都记者 余毅菁 向雪妮`
    r"(?-i:^[\u4e00-\u9fff]{0,10}(?:记者|記者)\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4}){0,3})$)",
    # a closing reporter-and-source line (`中青报·中青网记者 魏其濛 来源：中国青年报`)
    # (`(?-i:…)`: no case to fold in Han text, and folding the ranges under re.I costs ~10 ms of compilation each)
    r"(?-i:^[\u4e00-\u9fff·]{0,16}(?:记者|記者)\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*[\u4e00-\u9fff]{2,4}){0,3})\s+"
    r"(?:来源|來源)\s*[:：]\s*\S{1,20}$)",
    # a Taiwanese reporter's line over the text: `記者林悅／南市報導`, `記者王小明、李大華／台北報導`
    r"(?-i:^[\u4e00-\u9fff]{0,10}(?:记者|記者)\s*(?P<names>[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*[\u4e00-\u9fff]{2,4}){0,3})\s*[／/]\s*"
    r"[\u4e00-\u9fff]{1,8}(?:報導|报道|報道)$)",
    r"(?-i:^(?:采写|採寫|执笔|執筆|撰文)\s*[:：/／]\s*(?:[\u4e00-\u9fff]{0,8}?(?:记者|記者)\s*)?"
    r"(?P<names>[\u4e00-\u9fff]{2,4}(?:\s*[\s、，,&]\s*[\u4e00-\u9fff]{2,4}){0,3})$)",
    # 홍길동 기자 hong@x.co.kr   /홍길동·김철수 기자   [홍길동 기자]   글·사진=홍길동 기자
    # (Hangul has no case: `(?-i:…)` spares folding its ranges at compile time, ~10 ms a pattern)
    rf"(?-i:^[\[(<]?\s*(?:/\s*)?(?:(?:글|사진|영상|정리|취재|그래픽|편집|촬영)(?:\s*[·ㆍ]\s*(?:글|사진|영상|정리|취재|그래픽|편집|촬영))*\s*[=:]\s*)?"
    rf"{DATELINE}?(?P<names>{KO_NAMES})\s*{ROLE}(?:\s*[·ㆍ/,]\s*{ROLE})?\s*[\])>]?\s*[(\[<]?\s*(?P<email>{EMAIL})?\s*[)\]>]?\s*$)",
    # [이투데이/김범근 기자 (nova@etoday.co.kr)]   [아주경제=홍길동 기자 hong@x.com]   (OUTLET/name role email) in brackets
    rf"^[\[(]\s*{OUTLET}\s*[/=|ㅣ]\s*(?P<names>{KO_NAMES})\s*{ROLE}\s*[(\[<]?\s*(?P<email>{EMAIL})?\s*[)\]>]?\s*[\])]$",
    # ▶ 홍길동 기자   ▷홍길동 기자 hong@x.com
    rf"(?-i:^[▶▷►]\s*{DATELINE}?(?P<names>{KO_NAMES})\s*{ROLE}\s*(?P<email>{EMAIL})?\s*$)",
    # Broadcast sign-off: KBS 뉴스 이랑입니다.   지금까지 기상청에서 YTN 김민경입니다.   MBC뉴스 윤상문입니다.
    rf"^(?:지금까지\s.{{0,40}}?)?{BROADCASTER}\s*(?:뉴스)?\s*(?P<names>{KO_NAME}?)입니다\.?\s*(?:[\[(<]\s*(?P<email>{EMAIL})\s*[\])>])?$",
    # Anchor's hand-over / reporter's intro: 이가람 기자입니다.   김철수 특파원이 보도합니다.
    rf"^(?![가-힣]{{1,3}}[는를]\s)(?P<names>{KO_NAMES})\s*{ROLE}(?:입니다|가\s*보도합니다|이\s*보도합니다|가\s*전합니다|이\s*전합니다)\.?$",
    # hong@x.co.kr 홍길동 기자
    rf"^(?P<email>{EMAIL})\s*(?P<names>{KO_NAMES})?\s*{ROLE}?\s*$",
    # a closing signature, the editor's initials after it: `Севда Шахмедова, Л.А.` (1news.az)
    r"^(?P<names>(?-i:[A-ZА-ЯЁ][\w'’\-]+\s+[A-ZА-ЯЁ][\w'’\-]+))\s*,\s*(?-i:[A-ZА-ЯЁ])\.\s?(?-i:[A-ZА-ЯЁ])\.$",
    # By Jane Doe   By Jane Doe and John Roe, Reuters   By Cherie Taylor of the Daily Post
    r"^By\s+(?P<names>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3})*)"
    r"(?:\s+of\s+(?:the\s+)?(?-i:[A-Z])[\w .'’\-]{1,40})?(?:\s*[,|]\s*[\w .]{0,40})?(?:\s*[(\[<]?\s*(?P<email>" + EMAIL + r")\s*[)\]>]?)?$",
    # By HEMMY SO in Los Angeles and BEN WIDDICOMBE, LARRY McSHANE and RICH SCHAPIRO in New York   (each name, two to four
    # capitalised words, may be followed by the place it reports from; `clean.split_names` drops the places)
    r"^By\s+(?P<names>(?-i:[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3})(?:\s+in\s+(?-i:[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,2}))?"
    r"(?:\s*(?:,|and|&)\s*(?-i:[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){1,3})(?:\s+in\s+(?-i:[A-Z][\w.'’\-]+(?:\s+[A-Z][\w.'’\-]+){0,2}))?)*)$",
    # a writer's role alone under the by-line (`DAILY NEWS WRITERS`, `Times Staff Writer`, `Associated Press Writer`)
    r"^(?-i:(?:[A-Z][\w.&'’\-]*\s+){0,3})(?:Staff|Press|News|Wire)\s+(?:Writers?|Correspondents?|Reporters?)$",
    # By: Ian Achong   (a colon after the by-word; two names at least: `BY: Namensnennung` is a licence's term)
    # (and the wire after a comma in capitals: `By: Murray Brewster, THE CANADIAN PRESS`)
    r"^(?-i:By):\s+(?P<names>(?-i:[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){1,3}))(?-i:\s*,\s*[A-Z][A-Z.&' ]{1,40})?$",
    # _ By Geordon Omand in Vancouver   (The Canadian Press's sign-off after a rule)
    r"^[_—–\-]+\s*By\s+(?P<names>(?-i:[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){1,3}))(?:\s+in\s+(?-i:[A-Z][\w.'\- ]{1,30}))?$",
    # Posted by Andrew Hayden, Software Engineer on Google Play   (a blog's byline opening the post)
    r"^(?:Posted|Written)\s+by\s*:?\s+(?P<names>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'\-]+"
    r"(?:\s+[A-Z][\w.'\-]+){0,3})*)(?:\s*[,|]\s*[\w .]{0,40})?"
    # ... and the time after it (`Posted by Menzie Chinn at October 29, 2012 05:10 PM`: Movable Type's footer)
    r"(?:\s+(?:at|on)\s+(?=[^\d]{0,20}\d)[\w ,.:/]{4,40})?$",
    # Auteur : Kossivi Tiassou   Autor: Jan Novák   (a labelled credit line closing a story)
    r"^(?:Auteur|Autor|Autorin|Autore|Author|Автор|Авторы)\s*:\s*(?P<names>[^\W\d_][^\d:;|]{2,58}?)"
    # ... and the source after it (`Автор: Олеся Дианова; источник: корреспондент "Кавказского узла"`), or the day
    # (`Author: Metin Gurcan Posted January 27, 2017`, Al-Monitor's print line)
    r"(?:;\s*(?:источник|source|fuente|quelle|fonte|źródło)\s*:.{0,80}"
    r"|\s+(?-i:Posted|Published|Updated)\s+(?:on\s+)?(?=[^\d]{0,20}\d)[\w ,.:/]{4,40})?$",
    # Reporting by X; Additional reporting by Y; Editing by Z   (Reuters credits)
    r"^(?:\(?\s*)?(?:Additional\s+|With\s+)?(?:Reporting|Writing|Editing|Compiled)\s+by\s+.{2,200}$",
    # —With assistance from Jon Herskovitz.   (Bloomberg-style credit line)
    r"^[—–\-]*\s*With (?:assistance|additional reporting) (?:from|by)\s+.{2,200}$",
    # فراهنگ ** 1880 ** 1071 ** خبرنگار: پروین اروجی ** انتشار دهنده: امید غیاثوند   (IRNA's desk line closing the story:
    # desk, codes, the reporter, the publishing editor)
    r"^[^*]{0,30}(?:\*\*\s*[^*]{0,30}){0,5}\*\*\s*خبرنگار\s*:\s*(?P<names>[^*:]{2,40}?)\s*(?:\*\*.{0,80})?$",
    # गया से नितम राज की रिपोर्ट..   (a Hindi sign-off: "report by Nitam Raj from Gaya")
    r"^(?:[\u0900-\u097f]+\s+से\s+)?(?P<names>[\u0900-\u097f][\u0900-\u097f ]{1,28}?)\s+की\s+(?:रिपोर्ट|खास रिपोर्ट)\s*[.।]*$",
    # বি.এম খোরশেদ/এফএ/পিআর   (a Bangladeshi paper's sign-off: the reporter, then the desk editors' initials)
    r"^(?P<names>[\u0980-\u09ff][\u0980-\u09ff. ]{1,28}?)(?:\s*/\s*[\u0980-\u09ff.]{1,8}){1,4}$",
    # (With inputs from PTI)   (an Indian outlet's wire credit closing the story)
    r"^\(?\s*With (?:inputs?|input) (?:from|by)\s+[\w ,&./'’\-]{2,60}\)?\.?$",
    # Ben Silverman is on Twitter at ben_silverman.   (a writer's closing social line: names the writer, not text)
    r"^(?P<names>[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){1,3})\s+is\s+on\s+(?:Twitter|X|Facebook|Instagram|Threads|Bluesky|Mastodon)"
    r"(?:\s+(?:at|as)\s+@?[\w.]+)?\.?$",
    # Jane Doe is a reporter / correspondent ... (short bio line)
    r"^[A-Z][\w.'\-]+(?:\s+[A-Z][\w.'\-]+){1,3}\s+is\s+(?:a|an|the)\s+[\w\s\-']{0,60}(?:reporter|correspondent|editor|writer|columnist)\b.{0,120}$",
    # Associated Press writer Mari Yamaguchi in Tokyo contributed to this report.   (a wire's staff credit after the
    # `___` rule; a network's own `CNN's Mary Gilbert contributed to this report.` is labelled as text and stays)
    r"^(?:The\s+)?(?:Associated Press|AP|AFP|Reuters)\s+(?:writers?|reporters?|correspondents?|journalists?|staff)\b"
    r".{0,160}\bcontributed(?: reporting)?(?: to this (?:report|story|article))?\.?$",
    r"^(?:Contact|Email)\s*(?:the\s+)?(?:reporter|author)?\s*[:：]?\s*" + EMAIL + r"\.?$",
))

# A byline glued to the end of a paragraph after its last sentence (`…세웠다. 조장우 기자`, `…밝혔다. /홍길동 기자 a@b.kr`).
TRAILING_BYLINE_RE = re_compile(
    rf"(?<=[.!?\"'”’)])\s+/?\s*(?P<names>{KO_NAMES})\s*{ROLE}\s*[(\[<]?\s*(?:{EMAIL})?\s*[)\]>]?\s*$")

# An outlet's signature closing the last sentence's paragraph: `… в Италии, Болгарии и Франции. «Газета.Ru»`.
TRAILING_OUTLET_RE = re_compile(r"(?<=[.!?…])\s+«[\w\-]{2,30}\.(?:ru|ua|by|kz|az|uz|md|ge|com|net|org|info)»$", re.I)

# A reporter's address signed after the last sentence (`…아쉽기도 하다. /seon@osen.co.kr`, OSEN).
TRAILING_EMAIL_RE = re_compile(rf"(?<=[.!?\"'”’)])\s+/\s*(?P<email>{EMAIL})\s*$")

# How much later than the stamp shown in the headline block a metadata `datePublished` may be and still be
# read as the print-edition/update time rather than the publication time (the page's stamp wins then).
META_DATE_LATE_MAX = timedelta(days=3)

# --- paragraphs that are never article text -----------------------------------------------------------------

# A copyright/end-of-article line: it and everything after it is page furniture.
STOP_LINES: tuple[re.Pattern[str], ...] = tuple(re_compile(p, re.I) for p in (
    # a Chinese rights notice (`图片版权归原作者所有。`, `本文版权归 物道 所有`): the story has ended
    r"^(?=.{0,120}$).*(?:版权|版權)(?:归|歸)\s*.{0,20}?\s*所有",
    # ... and its other form (`版权所有，未经授权不得以任何形式转载及使用，违者必究。`, `本文未经许可，严禁转载。`)
    r"^(?=.{0,120}$)(?:(?:版权所有|版權所有)[\s,，。.:：]*)?(?:本文|本站|本网|本網|本刊|本报|本報)?(?:内容|內容)?[\s,，]*"
    r"(?:未经|未經).{0,10}(?:授权|许可|允许|同意|授權|許可|允許).{0,16}(?:不得|禁止|请勿|請勿|严禁|嚴禁).{0,20}"
    r"(?:转载|轉載|使用|复制|複製|摘编|摘編)",
    # a long closing follow-us plug (`Follow The Gleaner on Twitter … Send us a message on WhatsApp at … or email us
    # at …`) ends the story; shorter ones (under 110 characters) are PROMO_LINES, skipped wherever they are
    r"^(?=.{110})Follow\b.{0,60}\bon (?:Twitter|Facebook|Instagram|TikTok|YouTube|LinkedIn|Telegram|WhatsApp)\b",
    # ... opening on the outlet's claim (`此内容为第一财经原创。未经第一财经授权，不得以任何方式加以使用，包括转载、…`), and Sohu's
    # closing link (`【编辑:刘欢】 返回搜狐，查看更多`)
    r"^(?=.{0,200}$).{0,30}原创[。，,.]?\s*(?:未经|未經).{0,20}(?:授权|许可|授權|許可).{0,30}(?:不得|禁止|严禁|嚴禁|请勿|請勿)",
    r"返回搜狐\s*[，,]?\s*查看更多",
    # a Chinese portal's disclaimer closing a repost (`免责声明：本文来自…自媒体`, `特别声明：以上内容…`)
    r"^(?:【(?:免责声明|特别声明|免責聲明)】|(?:免责声明|特别声明|免責聲明)\s*[:：])",
    # a press release's contact block (`Kontakt:` over the researcher's address, forskning.se): the story has ended
    r"^(?:kontakt|contact|contacts|media contacts?|press contacts?|pressekontakt|contacto|contato|kontaktai|yhteystiedot|"
    r"kontaktpersoner?)\s*:?$",
    # a related-links list's heading (`Also in Middle East News`, Times Online; `Read on:`, spiked): the story has ended
    r"(?-i:^Also in (?:[A-Z][\w&'’-]*\s?){1,4}$)", r"^Read on\s*:$",
    r"무단\s*전재", r"재배포\s*금지", r"저작권자\s*[©ⓒ(（<\[]?", r"^[<\[(]?\s*[©ⓒ]", r"\bcopyrights?\s*(?:[©ⓒ]|\(c\)|\d{4})",
    r"all rights reserved", r"AI\s*학습\s*(?:및\s*)?(?:활용|이용)\s*금지", r"^<?\s*저작권자", r"^\(?끝\)?$", r"^<끝>$",
    # an appeal for money closing the story, addressed to the reader (`Your contribution supports independent
    # journalism`, `Please consider supporting our work`, `If you value our journalism, …`)
    r"^(?=.{0,300}$)Your (?:contribution|donation|support|gift)s? (?:supports?|helps?|keeps?|funds?|makes?|allows?)\b",
    r"^(?=.{0,300}$)(?:Please|Will you|Would you|Can you)\s+(?:consider\s+)?(?:support(?:ing)?|donat(?:e|ing)|"
    r"contribut(?:e|ing)|becom(?:e|ing) a (?:member|patron|supporter|subscriber)|mak(?:e|ing) a (?:donation|contribution))\b"
    r".{0,80}\b(?:journalism|reporting|newsroom|our (?:work|mission)|us)\b",
    # `This article was made possible by the support of readers like you. Donate to JTA now.`
    r"^(?=.{0,300}$)This (?:article|story|coverage|reporting|journalism) (?:was|is) made possible by (?:the )?(?:support|"
    r"generosity|donations?) of (?:readers|people|members)\b",
    r"^(?=.{0,300}$)If you (?:value|like|enjoy|appreciate|rely on) (?:our|this|the|independent) (?:journalism|reporting|work|"
    r"coverage|article|content)\b",
    # `If you would like to comment on this or any other American Thinker article or post, we invite you to visit the
    # American Thinker Forum …`
    r"^(?=.{0,400}$)If you (?:would like|want|wish) to comment on this\b",
    # ... in other languages (`El periodismo independiente necesita del apoyo de sus lectores para continuar …`)
    r"^(?=.{0,300}$)(?:El |Le |Il |O |Der )?(?:periodismo|journalisme|giornalismo|jornalismo|Journalismus|journalism)\b"
    r".{0,40}?\b(?:necesita|a besoin|ha bisogno|precisa|braucht|needs)\b.{0,40}?\b(?:apoyo|soutien|sostegno|apoio|"
    r"Unterstützung|support)\b",
    # ... and a German one (`Die SIEGESSÄULE braucht weiterhin Eure Hilfe!`, a donation box in the text)
    r"^(?=.{0,120}$).{2,60}\bbraucht (?:weiterhin |jetzt |dringend |auch )?(?:eure|ihre|deine|unsere) (?:hilfe|unterstützung)\b",
    # a site's disclaimer on contributors' content (`NOW Grenada is not responsible for the opinions, statements or
    # media content presented by contributors.`)
    r"^(?=.{0,300}$).{2,60}\b(?:is|are) not responsible for the (?:opinions|views|content|comments)\b",
    # a press release's company boilerplate and contacts: `About Acme Corp`, `Media contact:`, `Über die Acme AG`
    r"^(?-i:About|Über|À propos de|Acerca de|Sobre) (?-i:[A-Z0-9])[^.!?]{0,60}$", r"^(?:Media|Press) (?:contacts?|inquiries)\s*:?$",
    r"^(?:Pressekontakt|Contact presse|Contacto de prensa)\s*:?$",
    # a most-read box after the story, a newsletter plug closing it
    r"^(?:Les plus lus|Most read|Most popular|Meistgelesen|Lo más leído|I più letti|Mais lidas|Najczęściej czytane)$",
    r"^Get the (?:best|latest) of .{1,40} delivered to your inbox",
    # a share prompt after the story (`Like this story? Spread the news by clicking below:`, vnunet.com)
    r"^(?=.{0,120}$)(?:Like|Liked|Enjoy|Enjoyed|Love|Loved) this (?:story|article|post)\?\s*(?:Share|Spread|Tell|Pass|Click)\b",
    # a standing pandemic note closing the story (`As information about the coronavirus pandemic rapidly changes,
    # PEOPLE is committed to …`), the outlet's story list after a column (`More Great Stories From Vanity Fair`)
    r"^As information about the coronavirus pandemic rapidly changes\b",
    r"^More Great (?:[\w.'’]+ ){0,3}Stories(?: From .{1,40})?$",
    # a print-edition note closing a column (`This column first appeared in the print edition on March 16, 2022 …`)
    r"^This (?:column|article|story|op-ed|piece) (?:first )?appeared in the print edition\b",
    # ... and any note on where the story first ran or who sent it in (`This article is contributed by Carmen Sin, and a
    # version of it first appeared in The Straits Times …`, `This article was originally published on …`)
    r"^(?:This|The|A version of this) (?:article|story|column|post|piece|report|interview|op-ed)\b(?=.{0,300}$)"
    r".{0,140}?\b(?:(?:originally|first) (?:appeared|published|ran|posted)|(?:was|is) (?:contributed|republished))\b",
    # a newswire's republishing terms closing the story (`All content created by the Daily Caller News Foundation, an
    # independent and nonpartisan newswire service, is available without charge to any legitimate news publisher …`)
    r"^All content created by (?:the )?.{3,80}? is (?:available|free)\b",
    # a regional title's closing box on its own channels (`How to get the latest news from Falkirk Live`)
    r"^How to (?:get|keep up with) the latest (?:news|headlines) (?:from|on|in) .{1,40}$",
    r"^More (?:Great )?(?:Stories|Articles) (?:From|by) (?-i:[A-Z]).{0,40}$",
    # a German release's contact block and syndication credit: `Rückfragen bitte an:`, `Original-Content von: …`
    r"^(?:Für\s+)?Rückfragen(?:\s+bitte)?(?:\s+an)?\s*:?$", r"^Original-Content von\s*:",
    # a station's copyright block opening on the word (`Copyright Do you have more information about this story? …
    # Copyright 2012 by 10News.com. … All rights reserved.`), not a sentence about copyright law
    r"^Copyright\b(?!\s+(?:law|laws|infringement|protection|office|holders?|owners?|act|claims?|lawsuits?|terms?|rules|"
    r"reform|directive|issues?|disputes?)\b)",
    # a Hindi site's "there is more news" strip after the story (`खबरें और भी हैं...`)
    r"^खबरें और भी हैं",
    # a site's disclaimer closing a contributed piece (`Disclaimer: This article does not necessarily reflect the views of
    # AsianScientist or its staff.`)
    r"^Disclaimer\s*:\s*(?:This|The|These|Views|Opinions)\b.{0,80}\b(?:not necessarily|do not|does not)\b.{0,40}\b(?:reflect|represent)",
    # ... or that the site does not endorse them (`*Disclaimer: Gilmore Health Does not Endorse The views in this Article!`)
    r"^\*?Disclaimer\s*:\s*.{0,60}\b(?:does|do) not endorse\b",
    # the writer's contact line closing a story (`Scott Brown can be reached at sbrown@tribweb.com or 412-481-5432.`);
    # the page's boxes follow it
    r"^(?:[A-Z][\w.'’\-]+\s+){1,3}[A-Z][\w.'’\-]+\s+(?:can|may)\s+be\s+(?:reached|contacted|e-?mailed)\s+(?:at|via|by)\b.{0,120}$",
    # a wire's rights notice closing its story (`The copying, republication or redistribution of AFX News Content, …
    # is expressly prohibited without the prior written consent of …`, Reuters' likewise); the portal's boxes follow
    r"^(?:The\s+)?(?:copying|reproduction|republication|redistribution)(?:\s*,|\s+or|\s+and)\s+(?:[a-z]+(?:\s*,|\s+or|\s+and)\s+)*"
    r"[a-z]+\s+of\s+.{0,60}\b(?:content|material)\b",
    # ... or a portal's closing a wire story it reposts (`Disclaimer: This news article is copyrighted by Associated
    # Press and published by PR-inside.com.`)
    r"^Disclaimer\s*:\s*This\s+(?:news\s+)?(?:article|story|item|release)\s+is\s+copyright(?:ed)?\b",
    # a German related-links heading (`Zum Thema:`, `Zum Buch:`, `Weitere Beiträge aus der Kolumne:`): the story has ended
    r"^(?:Zum Thema|Zum Buch|Weitere (?:Beiträge|Artikel|Texte) (?:aus der Kolumne|zum Thema|von .{2,40}))\s*:$",
    # the writers' bio box heading after the story (`Zu den AutorInnen:`, `About the authors:`)
    r"^(?:Zu den|Zum|Zur|Über die|Über den|About the) (?:Autor(?:en|in|innen|Innen)?|AutorInnen|Autor\*innen|authors?)\s*:?$",
    # an editor's see-also note after a story (`Примечание редакции: см. также новости "…", "…"`)
    r"^Примечание редакции\s*:\s*см\.\s*также\b",
))

# Words one of NOTICE_LINES needs: most paragraphs are passed over by these substring tests alone (a page's ~100
# paragraphs through the patterns cost ~0.12 ms).
NOTICE_HINTS = ("artnerlink", "ffiliate", "Transparenz", "Dieses Thema", "blocker", "Blocker", "hatsApp", "hatsapp",
                "elegram", "TELEGRAM", "WHATSAPP", "An dieser Stelle", "Inhalt", "Datenschutzhinweis", "anzeigen")
# Site notices of any length, wherever they stand: the story goes on around them.
NOTICE_LINES: tuple[re.Pattern[str], ...] = tuple(re_compile(p, re.I) for p in (
    # an affiliate-link disclosure (`Transparenz: In diesem Artikel sind Partnerlinks enthalten. …`, `Mit einem
    # Einkaufswagen markierte Links sind so genannte Affiliate-Links. Beim Kauf … erhalten wir … eine kleine Provision`)
    # (addressed to the reader: `erhalten wir`, `we earn`; a sentence about such links is no notice)
    r"^(?=.{0,500}$).{0,80}\b(?:Partnerlinks|Affiliate-Links|affiliate links)\b.{0,300}"
    r"\b(?:erhalten wir|bekommen wir|we (?:may )?(?:earn|receive|get))\b",
    r"^Transparenz\s*:\s*In diesem (?:Artikel|Beitrag) sind (?:Partner|Affiliate)",
    # a broadcaster's programme note under the story (`Dieses Thema im Programm: ARD Infonacht | Nachrichten | …`)
    r"^Dieses Thema im Programm\s*:",
    # an ad-blocker appeal (`Wij zien dat u een adblocker gebruikt die ervoor zorgt …`, `We noticed you're using an ad
    # blocker`, `Sie nutzen einen Adblocker`)
    r"^(?=.{0,500}$).{0,60}\b(?:een|an|einen)\s+(?:adblocker|ad[- ]blocker|werbeblocker)\s+(?:gebruikt|nutzen|nutzt|verwenden|verwendet)\b",
    r"^(?=.{0,500}$)(?:We|It looks like you|Wir)\b.{0,40}\b(?:using an ad[- ]?blocker|einen (?:Adblocker|Werbeblocker))",
    # an invitation to the outlet's messenger channel (`Ten la información al instante en tu celular. Únete al grupo de
    # Diario Primicia en WhatsApp a través del siguiente link: https://chat.whatsapp.com/…`, `También estamos en
    # Telegram como @DiarioPrimicia, únete aquí https://t.me/…`)
    r"^(?=.{0,300}$).{0,120}\b(?:únete|unete|súmate|join|tritt|entra)\b.{0,80}\b(?:whatsapp|telegram)\b",
    r"^(?=.{0,300}$)(?:también )?(?:estamos|we are|we're|wir sind) (?:en|on|auf|bei) (?:whatsapp|telegram)\b",
    # the consent placeholder of an embedded post or video (SPIEGEL: `Empfohlener externer Inhalt` / `An dieser Stelle
    # finden Sie einen externen Inhalt von Twitter, der den Artikel ergänzt …`; Hardwareluxx: `Datenschutzhinweis für
    # Youtube` / `An dieser Stelle möchten wir Ihnen ein Youtube-Video zeigen. …` / `Youtube Videos ab jetzt direkt
    # anzeigen`)
    r"^An dieser Stelle (?:finden Sie|möchten wir Ihnen|hat die Redaktion|sehen Sie|wird)\b.{0,80}"
    r"\b(?:externen? Inhalt|[\w-]*Video|Inhalt von|Beitrag von)",
    r"^(?:Empfohlener|Externer) (?:externer )?Inhalt$", r"^Datenschutzhinweis für [\w-]{2,20}$",
    r"^[\w-]{2,20}[ -]Videos? (?:ab jetzt )?(?:immer )?direkt anzeigen$",
))

# A paywall's prompt where the free part of a story ends (`To view the full story, please subscribe to …`): it and
# everything after it (the offer, the perks, `Already a subscriber? Log in`) are not the article.
PAYWALL_LINES: tuple[re.Pattern[str], ...] = tuple(re_compile(p, re.I) for p in (
    r"^To (?:view|read|continue reading|keep reading|access|unlock) (?:the |this )?(?:full |entire |complete |whole "
    r"|rest of (?:the |this )?)?(?:story|article|report|content)\b.{0,60}\b(?:subscri|log ?in|sign ?in|member|register)",
    r"^(?:This|The rest of this) (?:story|article|content|report) is (?:only |exclusively )?(?:available|reserved|for)"
    r" (?:to |for )?(?:our )?(?:paid |paying |premium |digital )?(?:subscribers|members)",
    r"^(?:Subscribe|Sign up|Log in|Register) (?:now |today )?to (?:continue reading|keep reading|read the (?:full|rest|whole)|unlock)",
    r"^(?:Para (?:seguir|continuar) leyendo|Este (?:contenido|artículo) es (?:exclusivo|solo) para (?:suscriptores|socios|miembros))",
    r"^(?:Para continuar lendo|Este conteúdo é exclusivo para assinantes)",
    r"^(?:Cet article est réservé aux abonnés|La suite (?:de cet article )?est réservée aux abonnés|Il vous reste \d+ ?% de cet article à lire)",
    r"^(?:Dieser (?:Artikel|Beitrag|Inhalt) ist (?:nur |exklusiv )?für (?:Abonnent|Plus-|Digital-)|Jetzt weiterlesen mit\b|Weiterlesen mit (?:\w+ ?)?(?:Plus|Abo)\b)",
    r"^(?:Per continuare a leggere|Questo articolo è riservato agli abbonati)",
    # Scandinavian subscription walls (`For at læse denne artikel skal du have et digitalt abonnement …`)
    r"^(?:For at (?:læse|se) (?:denne|hele|resten af)|For å lese (?:denne|hele|resten av)|För att (?:läsa|fortsätta läsa) "
    r"(?:denna|hela|resten av))\b.{0,40}\b(?:abonnement|abonnemang|artikkel|artikel|artikeln|artiklen|saken)\b",
    r"^(?:Ten artykuł jest dostępny (?:tylko|wyłącznie) dla (?:subskrybentów|prenumeratorów)|Aby przeczytać (?:cały artykuł|całość))",
))

# Boxes that end a story however short it is (a brief's one paragraph above them is the whole story): everything
# from them on is the site's.
END_BOX_LINES: tuple[re.Pattern[str], ...] = tuple(re_compile(p) for p in (
    # the suicide-prevention box Taiwanese outlets close such stories with (`★中時電子報關心您：再給自己一次機會`,
    # `《蘋果》關心你`, `●《ETNEWS新聞雲》提醒您，請給自己機會：`), then its hotlines (`生命線協談專線：1995`)
    r"^(?=.{0,60}$)\W{0,3}(?:《[^》]{1,12}》|[\u4e00-\u9fffA-Za-z]{1,12})?\s*(?:關心您|關心你|关心您|关心你|提醒您|提醒你)"
    r"(?:[\s：:，,]*$|[\s：:，,]*(?:再給自己|再给自己|請給自己|请给自己|給自己|给自己|珍惜生命))",
    # an expired story's paid-archive note (中央社: `您所瀏覽的新聞已過查詢時效。建議您加入中央社付費會員找尋您要的新聞。`)
    r"^(?=.{0,120}$).{0,30}(?:已過查詢時效|已过查询时效)",
    r"^(?=.{0,120}$).{0,40}(?:加入|成為|成为).{0,12}(?:付費會員|付费会员)",
))

# Promotion, tip-line, subscription and navigation lines.
PROMO_LINES: tuple[re.Pattern[str], ...] = tuple(re_compile(p, re.I) for p in (
    # an ad box's heading (`Sponsored Links`, `Promoted Stories`: the box may sit mid-story, so it ends nothing) and a
    # teaser cut short by its link (`… managing ... more >`: vnunet's job ads after the story)
    r"^(?:sponsored|promoted)\s+(?:links?|content|stories|results|posts)\s*:?$", r"(?:\.\.\.|…)\s*more\s*[>»›]+$",
    # an outlet's LINE official account (`เกาะติดทุกสถานการณ์จาก Line@matichon ได้ที่นี่`, `加入LINE@…`), not an e-mail
    r"(?<![a-z0-9.-])line\s?@\s?\w+(?![\w.]*\.[a-z]{2,})",
    # a typo-report prompt (`Заметили ошибку в тексте? Выделите ее мышкой и нажмите ctrl+Enter.`, `Found a mistake?
    # Select it and press Ctrl+Enter`), the page's own address printed under the story (`Адреса матеріалу: http://…`),
    # a pointer to the print issue (`Подробнее читайте в свежем выпуске «…»`)
    r"^(?=.{0,200}$).{0,120}\bctrl\s*\+\s*enter\b", r"^(?:Адреса матеріалу|Адрес материала|Адрес статьи)\s*:",
    r"^Подробнее (?:читайте|см\.) в (?:свежем|новом|ближайшем)? ?(?:выпуске|номере)\b",
    # Chinese furniture lines: `（点击看清晰大图）` under a picture, `来源：无锡交警` / `本文来源：华龙网` source notes
    r"^[（(]\s*点击(?:查?看)[^）)]{0,10}[）)]$", r"^(?:本文)?来源\s*[:：]\s*\S{1,30}$",
    # ... bracketed (`(本文来源：中国广播网 )`), and a portal's related-searches label (`更多相关搜索：`)
    r"^[（(]\s*(?:本文)?(?:来源|來源)\s*[:：]\s*[^（()）]{1,30}[）)]$", r"^更多相关(?:搜索|阅读|新闻)\s*[:：]?$",
    # Chinese photo credits closing a caption line (`雨游黄鹤楼照样开心。城市摄影队 周斌 摄`, `… 小花母亲供图`), editor and
    # editor lines (`【编辑：姚昊】`, `责任编辑：`), a bracketed source note (`（资料来源：…）`)
    r"^.{0,80}\s[\u4e00-\u9fff]{0,12}(?:摄|攝|供图|供圖|图|圖)$",
    r"^[【\[（(]?\s*(?:责任|責任)?(?:编辑|編輯|责编|責編)\s*[:：]\s*[\u4e00-\u9fff、，, ]{0,24}[】\]）)]?$",
    # the print edition it ran in (`《光明日报》（2024年05月11日 09版）`)
    r"^《[^》]{2,12}》\s*[（(]\s*\d{4}年\s*\d{1,2}月\s*\d{1,2}日\s*(?:第?\s*\d{1,2}\s*版)?\s*[）)]$",
    # a note on where the piece first ran (`本文首发于39深呼吸公众号（shenhuxi39）`)
    r"^(?=.{0,80}$)(?:本文|此文)?首发于\S",
    # a by-line of an editor's initials and a wire (`Von: det/dpa`), an advertising disclosure
    r"^(?:Von|By|Par|Por|Di|Door)\s*:?\s*(?:[^\W\d_]{1,5}\s*/\s*)*(?:dpa|afp|apa|ap|reuters|rtr|sda|kna|epd|ansa|efe|ats)$",
    r"^(?=.{0,300}$)Advertising disclosure\s*:",
    # a related-stories widget's heading left behind by its (dropped) links (`You might like`, `Recommended for you`)
    r"^(?:You (?:may|might) (?:also )?(?:like|enjoy)|Recommended (?:for you|stories|articles|reading)|"
    r"Related (?:stories|articles|posts|coverage|content|news)|More (?:stories|articles) (?:like this|for you)|"
    r"Trending now|Most (?:read|popular|viewed)(?: (?:stories|articles|news))?)\s*:?$",
    # a QR-code prompt (`扫描上方二维码申领《…》`), a WeChat account line (`量子位 | 公众号 QbitAI`) and a writer's
    # "filed from" line (`允中 发自 凹非寺`) at the top of a WeChat-style story
    r"^(?=.{0,60}$)(?:请|請)?(?:扫描|掃描|扫码|掃碼|长按|長按|识别|識別).{0,12}(?:二维码|二維碼|小程序)",
    r"^[^|｜]{1,20}\s*[|｜]\s*(?:公众号|公眾號)\s*\S{1,30}$",
    r"^[\u4e00-\u9fff]{2,4}(?:\s*[、，,]\s*[\u4e00-\u9fff]{2,4})*\s+(?:发自|發自)\s+\S{2,12}$",
    # ... a portal's own editor (`南方网编辑：谢晓`), a keyword strip's label (`本篇新闻热门关键词:`)
    r"^[\u4e00-\u9fff]{1,8}(?:编辑|編輯)\s*[:：]\s*[\u4e00-\u9fff]{2,4}$", r"^(?:本篇)?(?:新闻)?热门关键词\s*[:：]?$",
    # Hindi share buttons and a relative stamp after the dateline (`कॉपी लिंक`, `शेयर`, `मुंबई12 दिन पहले`)
    # an Arabic column's contact line (`للتواصل مع الكاتب عبر صفحته على فيس بوك من هنا`: to reach the writer, his page here)
    r"^للتواصل مع (?:الكاتب|الكاتبة|المحرر)\b.{0,80}$",
    r"^(?:कॉपी लिंक|शेयर|लिंक कॉपी करें)$", r"^[\u0900-\u097f ]{2,24}\d{1,3}\s*(?:मिनट|घंटे|दिन|महीने)\s+पहले$",
    # a Persian news agency's end mark (`انتهای پیام /*`: end of the message)
    r"^انتهای پیام\s*[/*\s]*$",
    # a Thai follow prompt naming the outlet (`ติดตาม Sanook! Movie` over its Facebook Like button)
    r"^ติดตาม\s*(?-i:[A-Z])[\w!.&' ]{1,30}$",
    # a wire credit on its own line (`По информации РИА Новости`, `По материалам ИТАР-ТАСС`)
    r"^По (?:информации|данным|материалам|сообщению) (?-i:[А-ЯA-Z«\"])[\w «»\"\-]{1,30}$",
    # a letters-page or newsletter prompt (`Click to login and write a letter to the editor or sign up for the Daily
    # Briefing.`)
    r"^Click (?:here )?to (?:login|log in|sign in|sign up|subscribe|register)\b.{0,120}$",
    # the print edition's headline noted above the story (`原标题：拟与内地合拍综艺节目`)
    r"^(?:原标题|原標題)\s*[:：]",
    r"^[（(]\s*(?:资料|資料)?(?:来源|來源)\s*[:：][^）)]{1,40}[）)]$",
    # a related-stories label left alone above its (dropped) links: `相关新闻：`, `相關閱讀`, `延伸阅读`
    r"^(?:相关|相關|延伸)(?:新闻|新聞|阅读|閱讀|文章|报道|報導)\s*[:：]?$",
    # the bare address of a social post, left where its embed did not render: the post is not the article's text
    r"^https?://(?:www\.|mobile\.|m\.)?(?:twitter|x|instagram|facebook|fb|tiktok|threads)\.(?:com|net)/\S+$",
    r"^[▶☞▷►▸➤→◆◇]", r"^\[\s*(?:인기기사|관련기사|관련 기사|추천기사|많이 본 뉴스|많이 본 기사|핫클릭|주요뉴스|오늘의 주요뉴스|이 시각 [가-힣]+|포토|영상|화보)\s*\]",
    r"구독하고", r"구독\s*(?:신청|하기|버튼|해\s*주세요)", r"(?:네이버|다음|카카오)\s*(?:메인|채널|뉴스스탠드)에서",
    r"제보를?\s*기다립니다", r"제보\s*(?:하기|는|:|：|전화|메일|카톡|카카오톡|이메일)", r"(?:기사|뉴스|독자)\s*제보",
    r"카카오톡\s*[:：]", r"^※", r"^(?:관련\s*기사|관련기사|관련\s*뉴스|함께 보면 좋은 기사|이 기사를 추천합니다)\s*$",
    # a row of hashtags closing a broadcast script: #전공의 #의대증원 #복지부
    r"^#[^\s#]+(?:\s+#[^\s#]+)*$",
    r"^(?:좋아요|추천|공유|댓글|스크랩|인쇄|URL\s*복사|기사\s*저장|글자\s*크기)(?:\s*\d+)?$",
    # broadcast script markers on their own line: [앵커] <기자> ◀ 리포트 ▶ 【앵커멘트】
    r"^[\[<〈《◀【]\s*(?:앵커|기자|리포트|앵커\s*멘트|기자\s*멘트|앵커\s*리포트|인터뷰|녹취|현장음|스튜디오|클로징|오프닝|리포터)\s*[\]>〉》▶】]$",
    # tip-line channels: [카카오톡] YTN 검색해 채널 추가   [전화] 02-398-8585   [메일] social@ytn.co.kr
    r"^\[\s*(?:카카오톡|카톡|전화|메일|이메일|e-?mail|홈페이지|유튜브|페이스북|인스타그램|트위터|텔레그램|문자)\s*\]",
    # a bracketed or bare row of short links: [ 문화닷컴 바로가기 | 페이스북 | 모바일 웹 ]
    r"^[\[(]?\s*[^|\[\]]{1,15}(?:\s*\|\s*[^|\[\]]{1,15}){2,}\s*[\])]?$", r"바로\s*가기\s*[\]|>]",
    r"^Related(?:\s+(?:Stor(?:y|ies)|Articles?|Content|Coverage|Links?|Reading|Video|Topics?))?$",
    r"^Story continues below(?: (?:advertisement|the ad))?$", r"^(?:SKIP|Skip) ADVERTISEMENT$",
    # a portal's newsletter plug (`Start Receiving PR-inside.com News Headlines per email.`)
    r"^Start receiving\b.{0,60}\b(?:headlines|news|updates|alerts)\b.{0,30}\b(?:e-?mail|inbox)\.?$",
    # a column's newsletter plug between its items (`If you would like to receive the Levin Report in your inbox daily,
    # click here to subscribe.`)
    r"^(?:If you (?:would like|want) to|To) receive\b.{0,80}\b(?:inbox|e-?mail)\b.{0,60}\b(?:click here|sign up|subscribe)\b.{0,20}$",
    r"^Sign up\b", r"^(?:Related|More on this story|Read next|Most read)$", r"^(?:Read|See) (?:more|also|next)\b", r"^Related(?: articles| stories| coverage| content| (?:roundup|forum|topic|guide|link|video|post)s?| reading| news)?\s*[:：]",
    # MacRumors' `Related Roundup: iPad Pro` / `Related Forums: iPad` and Android Central's `More: <headline>`
    r"^More\s*:\s.{0,150}$", r"^Keep Reading$",
    r"^(?:Follow|Subscribe to)\s.{0,100}$", r"^Advertisement$", r"^Loading(?:\.{3}|…)?$", r"^(?:Share|Share this(?: article| post| story)?|Comments?)\s*[-:–—]?$",
    # a breadcrumb trail printed as a line (`Front Page » Sports » Late second-half run lifts Norfolk State`), a follow
    # plug counting the site's followers, a line giving the newsroom's address (`News, press releases …: chris@…`)
    r"^(?:Home|Front Page|Homepage|Start|Startseite|Accueil|Inicio|Início|Home Page)\s*[»›>]\s*[^»›>]{1,40}(?:\s*[»›>]\s*[^»›>]{1,200}){0,4}$",
    r"^Join\b.{0,40}\b\d[\d,.]*\+?\s*(?:followers|fans|readers|subscribers)\b.{0,60}$",
    r"^(?=.{0,140}$)[^@:]{3,100}:\s*[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\.?$",
    # WordPress themes' meta lines (`Posted by amet on Feb 8 2016. Filed under Kuriozitete. You can follow any responses
    # to this entry through the RSS 2.0 …`, `Monday, February 8th, 2016 | Posted by amet`, `Short URL: http://…/?p=10934`)
    r"^Posted by\s.{1,60}\bFiled under\b.{0,400}$", r"^.{0,400}\bYou can follow any responses to this entry through\b.{0,300}$",
    r"^(?=.{0,80}$)(?:\w+day,?\s+)?\w+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\s*[|·•]\s*(?:Posted|Written) by\s+\S.{0,40}$",
    r"^Short (?:URL|link)\s*:\s*\S+$",
    # a site's pointer to its section or an interview's source note closing the story (`For more on UFC Fight Night 82,
    # check out the UFC Events section of the site.`, `This article is based on an interview that aired on PRI's …`)
    r"^For more on\s.{1,80},\s*(?:check out|visit|see|head to|go to)\b.{0,120}\b(?:section|page|site|coverage)\b.{0,40}$",
    r"^This (?:article|story|report) is based on (?:an interview|a (?:report|story|segment|conversation))\b.{0,80}"
    r"\b(?:aired|broadcast|appeared|published)\b.{0,120}$",
    # a share or view counter printed as a line (`Shares:9`, `1.2K Shares`)
    r"^(?:Shares?|Likes?|Views?|Reads?)\s*[:：]?\s*\d[\d.,]*[KkMm]?$", r"^\d[\d.,]*[KkMm]?\s*(?:Shares?|Likes?|Views?|Reads?)$",
    # closing plugs: `Follow The Gleaner on Twitter … Send us a message on WhatsApp …`, `Subscribe now to our eNATION
    # edition for the full story.`, `… download the Nationnews apps for iOS and Android.`, `Diskutieren Sie mit dem
    # Autor - auf Twitter oder auf Instagram!`, a WordPress view counter `(Visited 122 times, 11 visits today)`
    r"^Follow\b.{0,60}\bon (?:Twitter|Facebook|Instagram|TikTok|YouTube|LinkedIn|Telegram|WhatsApp)\b.{0,250}$",
    # ... in Ukrainian, Russian and Thai (`Підписуйтеся на наш телеграм-канал Новини Еспресо`, `ติดตามข่าวสารจาก Brand
    # Inside ได้จาก Facebook ของเรา`)
    r"^(?=.{0,160}$)(?:Підписуйтеся|Підписуйтесь|Підпишіться|Подписывайтесь|Подпишитесь)\b.{0,100}(?:телеграм|Telegram|"
    r"Viber|YouTube|Facebook|Instagram|Twitter|канал)",
    r"^(?=.{0,160}$)ติดตาม.{0,80}(?:Facebook|เฟซบุ๊ก|Twitter|LINE|YouTube|Instagram)",
    r"^Subscribe\b.{0,80}\b(?:full (?:story|article)|continue reading|read the (?:full|whole|rest))\b.{0,20}$",
    r"^For (?:the latest|more)\b.{0,80}\bdownload\b.{0,60}\bapps?\b.{0,40}$",
    # (the call opens the line: `Meta, which owns Facebook and Instagram, said users who follow …` is a sentence)
    r"^(?=.{0,150}$)(?=.*\b(?:Twitter|Facebook|Instagram|TikTok|YouTube|LinkedIn|Telegram|WhatsApp)\b.*"
    r"\b(?:Twitter|Facebook|Instagram|TikTok|YouTube|LinkedIn|Telegram|WhatsApp)\b)"
    r".{0,30}\b(?:follow|folgen|diskutieren|suivez|síguenos|seguici|siga-nos|join us|like us)\b",
    r"^\(Visited \d[\d,.]* times?, \d[\d,.]* visits? today\)$",
    # WordPress rating and view-count widgets (`(1 votes, average: 5.00 out of 5)`, `Loading...`, `688 views`) and a
    # picture's click prompt (`(Click image for larger view and slideshow.)`)
    r"^\(?\d[\d,.]* votes?, average: \d[\d.]* out of \d+\)?$", r"^Loading\s?(?:\.\.\.|…)$", r"^\d[\d,.]*\s+views?$",
    r"^\(?Click (?:on )?(?:the )?(?:image|photo|picture)s? (?:for|to) [\w ,]{3,40}\.?\)?$",
    # a caption printed as a paragraph (`Photo: Panelists discuss …`), a consent placeholder where an embed was, a
    # metered-paywall counter, a reading time, "from staff and wire reports", a published/updated stamp line
    r"^(?:Photo|Foto|Picture|Image)\s*:\s+\S", r"^Editors?[’']?s?[’']? Picks?$", r"^This content is not available due to your privacy preferences\.?$",
    r"^You have \d+ (?:free )?(?:articles?|stories) left\b", r"^Estimated reading time\s*:?\s*\d+\s*min",
    r"^From (?:staff|wire|news services?)(?: and (?:wire|news) (?:reports|services))?(?: reports)?$",
    r"^(?:Published|Updated)\s+(?:\w+day,\s+)?\w+\.? \d{1,2}, \d{4}\b.{0,30}$",
    r"^(?:Posted|Published|Updated)\s*:\s*\d{1,2}\s+[^\W\d_]+\.?\s+\d{4}(?:,?\s+(?:Time\s*:\s*)?\d{1,2}[:.]\d{2})?$",
    # "the story continues after the ad" labels; a follow-us line naming one network (`Siga-nos no Telegram.`)
    r"^(?:continua (?:depois|após) (?:da|a) publicidade|contin[úu]a (?:después de|tras) la publicidad|la suite après "
    r"(?:la|cette) publicité|weiter nach der (?:anzeige|werbung)|(?:story|article|text) continues (?:below|after) "
    r"(?:the |this )?(?:ad|advertisement))$",
    # ... or inviting the reader to follow the site's profile anywhere in a short line (`Tous nos articles sont aussi sur
    # notre profil Google : suivez-nous pour ne rien manquer !`)
    r"^(?=.{0,160}$)(?=.*\b(?:suivez-nous|follow us|síguenos|sígannos|folgen Sie uns|seguici|siga-nos|volg ons|obserwuj nas)\b)"
    r"(?=.*\b(?:Google|profil|profile|perfil)\b)",
    r"^(?:.{0,40}\.\s+)?(?:Siga-nos|Síguenos|Sígannos|Folgen Sie uns|Suivez-nous|Seguici|Follow us) (?:no|na|en|auf|sur|su|on) "
    r"(?:o |el |la |le )?(?:Telegram|WhatsApp|Twitter|X|Facebook|Instagram|TikTok|YouTube|LinkedIn|Google News)\.?$",
    # an article page's metadata rows printed as lines (DW: `Date 23.05.2011`, `Permalien https://p.dw.com/p/RPYx`,
    # `Edition : M-A. Pioerron`, `Audios et vidéos sur le sujet`)
    r"^(?:Date|Datum|Fecha|Data)\s*:?\s*\d{1,2}[./]\d{1,2}[./]\d{4}$", r"^(?:Permalink|Permalien|Permalien)\s*:?\s*https?://\S+$",
    r"^(?:Édition|Edition|Rédaction|Redaktion|Edición|Editing|Editor)\s*:\s*[^\s:][\w.\- ]{1,40}$",
    r"^(?:Audios? et vidéos|Audios? und Videos|Audio and video|Audios? y vídeos?) (?:sur le sujet|zum Thema|on (?:the|this) "
    r"(?:topic|subject)|sobre el tema)$",
    # a photo agency's name alone on a line: the credit of a photo whose caption is gone, not text
    r"^(?-i:AFP|EFE|AP|DPA|dpa|Reuters|ANSA|Xinhua|EPA|Getty Images)$",
    # ad labels, reading times and "read also" links in other languages
    r"^(?:Anzeige|Werbung|Publicidad|Publicité|Pubblicità|Reklama|Advertentie|Annonce|Publicidade|Sponsored|広告|广告)$",
    # ad-tech and player furniture printed into the page: `ADVERTISING`, `Powered by SmartAsset.com`,
    # `inRead invented by Teads`, a video player's countdown
    r"^Advertising$", r"^(?:Powered by|Ads? by|Sponsored by)\s+\S+(?:\s+\S+)?$", r"\binvented by Teads\b",
    # an appeal set between the story's paragraphs (`LifeNews depends on the support of readers like you to combat …
    # Please donate now.`): the story goes on after it
    r"^(?=.{0,300}$).{2,40}\b(?:depends|relies) on (?:the )?(?:support|generosity|donations) of (?:readers|people) like you\b",
    # a stamp line (`zuletzt bearbeitet: 04.02.2022, 08:27 Uhr`), a by-line naming only the site (`von tennisnet.com`)
    # and a magazine's ISSN (`ISSN 2222-2464`)
    r"^(?:zuletzt (?:bearbeitet|aktualisiert)|aktualisiert|veröffentlicht|erstellt)(?: am)?\s*:?\s*\d{1,2}\.\s?\d{1,2}\.\s?"
    r"\d{4}.{0,20}$",
    r"^(?:von|by|par|por|di)\s+[\w\-]+(?:\.[\w\-]+)*\.(?:com|de|at|ch|net|org|fr|es|it)$", r"^ISSN:?\s*\d{4}-\d{3}[\dX]$",
    # a Chinese portal's related-topic plug (`相关资讯请关注:逆水寒专区`)
    r"^相关(?:资讯|阅读|新闻|内容)请关注\s*[:：]",
    # a donation box's bank account (`IBAN DE22 1005 0000 0190 0947 29 – Herzlichen Dank!`)
    r"^(?=.{0,150}$).{0,40}\bIBAN\s*:?\s*[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2}",
    r"^Your video will (?:play|begin|start) in\b",
    r"^More\s+[\w ]{1,30}?\s*(?:news|stories|coverage)\s*:$",
    r"(?:^|[·|]\s*)\d+\s*(?:min(?:ute)?s?\.?\s*read(?:ing)?(?:\s*time)?|Min\.? Lesezeit|min(?:utes)? de lecture)$", r"^Lesedauer\s*:?\s*\d+",
    r"^(?:Lea|Leer|Lee) (?:más|también)\b", r"^(?:Lesen Sie auch|Lesen Sie mehr|Mehr zum Thema|Auch interessant)\b",
    r"^(?:À|A) lire aussi\b", r"^Lire aussi\b", r"^Leggi anche\b", r"^[*•.…\s]{0,6}(?:Czytaj (?:też|także|więcej|również|koniecznie)|Zobacz (?:też|także|również)|Dowiedz się więcej)\b",
    r"^(?:Mirá|Mira) también\b", r"^(?:Nota relacionada|Le puede interesar|Te puede interesar)\b",
    r"^Lue (?:myös|seuraavaksi|lisää)\b", r"^(?:Läs (?:också|även|mer)|Læs (?:også|mere)|Les (?:også|mer)|Lees (?:ook|meer))\b",
    r"^(?:Čtěte (?:také|též|více)|Přečtěte si (?:také|též)|Čítajte (?:aj|tiež)|Lásd még|Kapcsolódó cikk(?:ek)?)\b",
    r"^(?:Citește|Citeşte|Citiți|Citiţi) (?:și|şi|mai mult)\b", r"^(?:Baca [Jj]uga|Baca [Ss]elengkapnya|Xem thêm)\b",
    r"^(?:Читайте (?:также|також|ще)|Διαβάστε (?:επίσης|ακόμα)|Ayrıca (?:okuyun|bakınız)|İlgili haberler?)\b",
    r"^Leia (?:também|mais)\b",
    r"^(?:إقرأ|اقرأ)\s+(?:أيضاً|أيضًا|أيضا)", r"^(?:Više o temi|Pročitajte (?:još|i)|Lexo (?:edhe|më shumë)|Taip pat skaitykite|Llegeix també)(?=[\s:：]|$)",
    # Slovene (`Preberite tudi:`, `Oglejte si še:`) and Serbian/Croatian (`Pogledajte i`, `Čitajte još`)
    r"^(?:Preberite (?:tudi|še)|Preberi (?:tudi|še)|Oglejte si (?:še|tudi)|Pogledajte (?:i|još)|Čitajte (?:i|još|takođe))(?=[\s:：]|$)",
    # share and follow prompts: `Поделиться:`, `Подписывайтесь на наш канал:`
    r"^(?:Поделиться|Поділитися|Подписывайтесь|Підписуйтесь)\b",
    # Chinese portal furniture: an app-download plug, `推薦` / `會員專屬` labels
    r"(?:點我|点我)?下[載载]\s*APP", r"^(?:推薦|推荐|會員專屬|会员专属|延伸閱讀|延伸阅读|相關新聞|相关新闻)$",
    # comment-moderation notices
    r"^Comments? (?:are|have been) (?:closed|moderated|disabled|turned off)\b", r"\bcomments? (?:policy|guidelines)\b",
    r"^Bitte registrieren Sie sich\b", r"\bNetiquette\b",
    # a comment count or prompt between the story and its thread (`1 Kommentar`, `Kommentare (22)`, `» Kommentarregeln`)
    r"^\d+\s+(?:Kommentare?|Comments?|Comentários?|Comentarios?|Commentaires?|Commenti|Komentarz[ey]?|Reacties?)$",
    r"^(?:Kommentare|Comments|Comentários|Comentarios|Commentaires|Commenti|Reacties)\s*\(\d+\)$",
    r"^(?:Hinterlasse einen Kommentar|Kommentar schreiben|Leave a (?:comment|reply)|Deixe (?:um|seu) comentário|"
    r"Deja (?:un|tu) comentario|Laisser un commentaire|Lascia un commento)$", r"^»?\s*Kommentarregeln$",
    # share and error-report buttons printed as lines (`Compartilhe`, `Comunicar Erro`)
    r"^(?:Compartilhe|Compartilhar|Comunicar erro|Teilen|Partager|Compartir|Condividi)$",
    r"^\W*\d+\s+(?:Comments?|Responses?|Replies)\W*$",
    # an ad label set in spaced letters (`A d v e r t i s e m e n t`), a share plea, an author-archive link, a Russian
    # related-links label (`Ссылки по теме:`)
    r"^(?:[^\W\d_] ){5,}[^\W\d_]$", r"\bshare this\b.{0,20}\b(?:using|with) the (?:tools|buttons|links) below\b",
    r"^Read (?:other|more) (?:articles|posts|stories) (?:by|from)\b.{0,60}$",
    r"^(?:Be the first to know\W+)?Join our (?:Facebook|Telegram|WhatsApp|Instagram) (?:page|group|channel)\b.{0,40}$",
    r"^(?:Ссылки по теме|Материалы по теме|Читайте также|Читайте по теме|По теме)\s*:?$", r"^Scroll down to (?:see|read|view) (?:the )?comments\.?$",
    # a blog engine's post footer (`This article was posted on Tuesday, October 16th, 2012 at 8:01am and is filed
    # under …`), an author-page link list's label (`Latest posts by Doug Porter (see all)`)
    r"^This (?:article|entry|post) was posted(?: on)?\s*:?\s+\w.{0,250}$", r"^Did you (?:enjoy|like) this (?:article|post|story)\?", r"^(?:Latest|Recent|More) posts by\b.{0,60}$",
    # a reporter's contact line (`Reach Staff Reporter Omar here; follow him on Twitter.`), a desk's sign-off
    # (`-- Opinion page staff`), a station's copyright block (`Copyright 2012 by 10News.com. … All rights reserved.`)
    r"^Reach (?:staff |senior |executive )?(?:reporter|writer|editor|correspondent|columnist)\b.{0,150}$",
    r"^(?:--|—|–)\s*[\w ]{2,30}\bstaff\.?$",
    # a tip-line number (`SMS: 8 903-767-6060`)
    r"^(?:SMS|Tel|Тел)\.?\s*:\s*[\d\s\-+()]{6,24}$",
    # an ad-blocker appeal's salutation (`Beste bezoeker,` before `Wij zien dat u een adblocker gebruikt …`)
    r"^(?:Beste bezoeker|Dear reader),?$",
    # affiliate-link labels above a product box (`Amazon-Partnerlinks:`, `iTunes-Partnerlink:`)
    r"^[\w\-]{0,20}(?:Partnerlinks?|Affiliate[- ]?Links?)\s*:?$",
    r"^(?:Listen to|Watch)\s*(?:this|the)\s*(?:article|story|video)", r"^Our Standards\s*[:：]", r"newsletter",
    # a columnist's bio note: `… The views expressed here are the writer's own. -- Ed.`
    r"views expressed (?:here|in th(?:is|e) (?:article|column|piece)) are (?:the|his|her|their) (?:writer|author)s?'?s?'? own",
    r"(?:--|—)\s*Ed\.?$",
    # 기사제공 OSEN (portal source line); 이 기사는 … 보도준칙 … 확인·수정했습니다 (desk sign-off)
    r"^기사\s*제공\s*[:：]?\s*\S{1,20}$", r"보도\s*준칙.{0,60}(?:확인|수정|검토)",
    # a press release's closing web-address line: 웹사이트: https://www.sw.or.kr
    r"^(?:웹사이트|홈페이지|website|web site)\s*[:：]\s*(?:https?://|www\.)\S+$",
    # a wire's closing contact line: To contact the reporters on this story: Sam Kim in Seoul at skim@x.net
    r"^To contact the (?:reporters?|authors?|editors?)\b.{0,200}$",
    # broadcast transcript cues on their own line: a speaker label in capitals (`STEVE INSKEEP, HOST:`, `KUHN:`)
    # and a sound cue (`(SOUNDBITE OF MUSIC)`, `(LAUGHTER)`), like the Korean `[앵커]` markers
    r"^(?-i:[A-Z][A-Z.'\-]+(?:\s+[A-Z][A-Z.'\-]+){0,4}(?:,\s*[A-Z][A-Z .'\-]{1,30})?):$",
    r"^\((?-i:[A-Z][A-Z ,'\-]{3,80})\)$",
))

# Subheads led by a marker (`◆ 첫차 앞당기기 요구 커져`, `◇ 절도 신고 1년 새 1.5배`) that PROMO_LINES would take for links:
# text when the article has two or more of them with the same marker, each short and followed by prose.
SUBHEAD_MARKER_RE = re_compile(r"^(?P<m>[◆◇])\s*(?=\S)(?P<t>[^◆◇]{2,60})$")
# A list item led by `▲` (`▲신생아 특례 … 완화`) that CREDIT_LINES would take for a caption: text when two or more
# such lines come in a row.
LIST_MARKER_RE = re_compile(r"^▲\s*(?=\S)[^▲]{2,150}$")
# A line of prose that may follow a subhead: long enough and ending a sentence.
PROSE_LINE_RE = re_compile(r"^(?![◆◇▲▶■])(?=.{40,}).*[.!?。！？][\"'”’)」』]?$")
# Screen-reader prefixes shown before a caption (`Image caption, Passengers waited …`).
CAPTION_PREFIX_RE = re_compile(r"^(?:Image|Photo|Video|Media) caption,?\s*", re.I)

# A marker-led line (`▶…`) that reads as prose — two or more sentences — is text (a Q&A answer), not a promo link.
MARKER_PROSE_RE = re_compile(r"^[▶►]\s*(?=.{50,}$).*?[가-힣A-Za-z0-9)][.!?][\"'”’]?\s+\S.*[.!?][\"'”’]?$")

# Photo credits and caption-shaped lines (kept as image captions, never as body).
CREDIT_LINES: tuple[re.Pattern[str], ...] = tuple(re_compile(p, re.I) for p in (
    r"/\s*[^/\s][^/]{0,25}\s*(?:제공|DB|자료사진)\s*$",  # …이어가고 있다. /LG그룹 제공   /더팩트 DB
    r"[.!?\"'”’)\]]\s*/\s*[^/.\s][^/.]{0,20}$",  # …있다. /뉴시스
    r"^\s*[\[(<]?\s*(?:사진|그래픽|자료|출처|영상)\s*(?:출처)?\s*[=:：]\s*[^\])>]{0,40}[\])>]?\s*$",
    # a Chinese photo credit (`图片｜滨田英明 ©`, `圖片來源：…`, `摄影：…`)
    r"^\s*[（(]?\s*(?:图片|圖片|图|圖|摄影|攝影|图源|圖源)(?:来源|來源|提供)?\s*[｜|:：/]\s*\S.{0,40}$",
    r"[\[(<]\s*(?:사진|그래픽|자료)\s*(?:출처)?\s*[=:]\s*[^\])>]{1,40}[\])>]\s*$",
    r"\[[^\]]{0,40}(?:제공|자료사진|DB\s*금지|연합뉴스|뉴스1|뉴시스)[^\]]{0,25}\]\s*$",
    r"^▲",
    # a caption closing with its credit (`Virologist Jurgen Rissland, who says … COVID-19. Credit: Newsflash/Newsflash`)
    r"^(?=.{0,300}$).*[.!?]\s+(?:Photo |Image |Picture )?Credit\s*:\s*[^.!?]{2,60}$",
    # a WeChat-style caption under a picture (`△智川X-Agent五层架构`); in Korean text `△` leads list items instead
    r"^△(?!.*[\uac00-\ud7a3])[^△]{1,60}$",
    # `◎ 图：@人民日报微博截图`, `◎ 贾玲凭真诚收获观众的喜爱。/图：网络截图`: a picture's caption and credit under a ◎
    r"^◎.{0,80}(?:(?:图|圖)\s*[:：]|截图|截圖)\S{0,30}$",
    # `[사진]OSEN DB`, `[사진] 뉴스1 제공`: a picture's credit line under it
    r"^\[\s*(?:사진|그래픽|자료)\s*\]\s*[^\s\[\]]{1,20}(?:\s*(?:DB|제공|자료))?$",
    # a Chinese photo caption's closing credit: …中獎張數為18張。（資料照）  （圖／翻攝臉書）  （記者王小明攝）  （取自臉書）
    r"[（(]\s*(?:資料照片?|资料照片?|圖[／/][^）)]{1,20}|图[／/][^）)]{1,20}|記者[^）)]{1,10}攝|记者[^）)]{1,10}摄|(?:取自|翻攝|翻摄)[^）)]{1,30})\s*[）)]$",
    # [영상취재 김장헌 / 영상편집 이지훈]   (영상취재 이동현, 영상편집 강현주) — bracketed broadcast credits without colons
    r"^[\[(]\s*(?:촬영기자|영상\s*취재|영상\s*편집|영상\s*촬영|영상\s*디자인|그래픽|CG|VJ)\s*[:：]?\s*[가-힣A-Za-z ]{2,15}"
    r"(?:\s*[/,·]\s*[가-힣A-Za-z ]{2,8}\s*[:：]?\s*[가-힣A-Za-z ]{2,15})*\s*[\])]$",
    # (영상취재 : 김태훈, 영상편집 : 박춘배)   촬영기자:김상민/영상편집:이웅/그래픽:김지훈   영상취재: 김우람 / 영상편집: 박초은
    r"^[\[(]?\s*(?:촬영기자|촬영|영상\s*취재|영상\s*편집|영상\s*촬영|영상\s*디자인|영상|그래픽|편집|구성|자료\s*조사|화면\s*제공|취재\s*지원|VJ|CG|디자인)\s*[:：]\s*[^:：]{1,30}(?:\s*[/,·]\s*[가-힣A-Za-z ]{1,12}\s*[:：]\s*[^:：/,]{1,30})*\s*[\])]?$",
    r"^\(?(?:photo|image|picture|illustration)s?\s*(?:by|credit|courtesy)?\s*[:：]",
    # a stock agency's name alone under a picture (`Pixabay`, `iStock`)
    r"^(?:Pixabay|Unsplash|Pexels|iStock(?:photo)?|Shutterstock|Adobe Stock|Getty Images|Imago|Colourbox)$",
    # a page's picture credits in one line (`Credits: Titelbild AO PRODUCTION S.R.O.`, `Bildnachweis: …`)
    r"^(?:credits?|bildnachweis|bildnachweise|fotonachweis|bildquelle|bildquellen)\s*[:：]\s*\S.{0,80}$",
    # a caption closing with its © credit (`Eileen Gu, Freestylerin. © GETTY IMAGES NORTH AMERICA / MADDIE MEYER`)
    r"^(?=.{0,200}$)[^©]{2,}\s©\s*(?-i:[A-Z][A-Z0-9 .&'\-]{1,40}(?:\s*/\s*[A-Z][A-Za-z0-9 .&'\-]{1,40})?)$",
    # ... and without the colon (`Rendering courtesy EatGoodFood Group`, `Cover photo by Mike Lewis`)
    r"^(?=.{0,100}$)\(?(?:photos?|images?|pictures?|renderings?|illustrations?|graphics?|maps?|videos?|cover photo)\s+"
    r"(?:courtesy(?:\s+of)?|by|via)\s+\S",
    # the same label in other languages (`Borítókép: …` cover photo, `Foto: …`, `Kuva: …`, `Zdjęcie: …`)
    r"^\(?(?:foto|fotó|fotografía|fotografia|borítókép|kuva|bild|billede|zdjęcie|фото|titelbild|titelfoto|aufmacherbild|"
    r"beitragsbild|headerbild)\s*[:：]",
    r"\((?:AP|Reuters|AFP|Getty Images|EPA|Bloomberg)(?:\s+Photo[^)]*)?\)\s*$",
    # a caption closing on its credit in brackets (`Touch Bar promete … (Foto: Reprodução/Apple)`)
    r"\((?:Foto|Fotos|Imagem|Bild|Photo|Image|Imagen|Ảnh|Fotoğraf|Фото|Φωτό|Φωτο|Φωτογραφία|Beeld|Kuva|Zdjęcie|Fotó)\s*:"
    r"\s*[^()]{1,60}\)\s*$",  # (… `(Ảnh: Hùng Linh)`, Vietnamese)
    # a cartoon's or drawing's credit (`Cartoon by Osama Qassim`)
    r"^(?:Cartoon|Drawing|Caricature|Karikatur|Zeichnung)\s+(?:by|von)\s+\S.{1,40}$",
    r"^(?:Photo|Photograph|Image|Illustration)s?\s+(?:by|courtesy of|via)\s+\S.{1,80}$",
    r"(?:Photograph|Photo|Image|Illustration)\s*:\s*[^.]{1,60}$",
))

_DAY_TIME = (r"\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4},?\s+(?:klo\s+|kl\.?\s+|um\s+|à\s+|às\s+|at\s+)?\d{1,2}[:.]\d{2}"
             r"(?:\s*[AaPp]\.?[Mm]\.?)?")
_UPDATED = (r"Updated|Uppdaterad|Päivitetty|Opdateret|Oppdatert|Bijgewerkt|Aktualisiert|Mis à jour|Actualizado|"
            r"Atualizado|Aggiornato|Zaktualizowano|Aktualizováno|Aktualizované|Frissítve|Son Güncelleme|Обновлено|Оновлено")
_PUBLISHED = (r"Veröffentlicht|Publiziert|Erschienen|Publié|Publicado|Publicada|Pubblicato|Opublikowano|Gepubliceerd|"
              r"Publicerad|Publiceret|Publisert|Julkaistu|Publikováno|Publikované|Megjelent|Published|Posted")
# A line that is only a date/time stamp (with an optional label) — page furniture inside the article element.
DATE_LINE_RE = re_compile(
    r"^(?:(?:입력|수정|등록|승인|송고|업데이트|최종수정|기사입력|Published|Updated|Posted|Last updated)\s*(?:시간|일)?\s*[:：]?\s*)?"
    r"(?:\d{1,4}[./\-년월일\s]*){3}(?:\s*\(?[월화수목금토일]\)?)?,?(?:\s*(?:오전|오후|AM|PM))?(?:\s*\d{1,2}[:시]\d{2}(?::\d{2})?)?\s*(?:KST|GMT|UTC|ET)?(?:\s*[-–—|])?$"
    # ... or a day and a month word of any language (`9 January 2008`, `02. Februar 2022`, `3 juin 2021`)
    r"|^\d{1,2}\.?\s+[^\W\d_]{3,12}\.?\s+\d{4}$"
    # ... or a Japanese/Chinese stamp alone (`2017年11月14日 08時05分00秒`)
    r"|^\d{4}年\d{1,2}月\d{1,2}日(?:\s*[（(][^）)]{1,3}[）)])?(?:\s*\d{1,2}(?:時|:)\d{2}(?:分|:)?(?:\d{2}秒?)?)?$"
    r"|^(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}$"
    # a US-style stamp with a time: `March 18 at 3:57 PM`, `Updated: Jan. 5, 2019, 7:02 p.m. EST`
    r"|^(?:(?:Published|Updated|Posted|First posted|First published|Last updated)\s*(?:on)?\s*:?\s*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"
    r"(?:,\s+\d{4})?[,.]?(?:\s+at)?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\.?$"
    # an English month word with the day on either side, the year, and a time before or after it (`12:40, Jan 13
    # 2008`, `Dec 31 2007`, `13 January 2008, 12:40 GMT`); not with a weekday (`Tuesday, January 15, 2008`, a
    # programme's day heading)
    r"|^(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?,?\s+)?"
    r"(?:\d{1,2}\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?)\s+(?:19|20)\d{2}"
    r"(?:,?\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?$"
    # ... and with a weekday when a time follows, which no day heading has (`Saturday, January 5th 2008, 6:43 PM`)
    r"|^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2},?\s+(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\.?$"
    # a day-first stamp and its update stamp: `28.5.2020 17:43 Uppdaterad 28.5.2020 17:43`
    rf"|^{_DAY_TIME}\s*[|·]?\s*(?:{_UPDATED})(?:\s+(?:a|am|le|el|em|il|op|on))?\s*:?\s*{_DAY_TIME}$"
    # a labelled day-first stamp: `Veröffentlicht am 04.05.2011, 16:43.`, `Publié le 12/03/2021 à 10:15`
    rf"|^(?:{_PUBLISHED})(?:\s+(?:am|le|em|el|il|op|den|dne))?\s*:?\s*{_DAY_TIME}(?:\s*(?:Uhr|h))?\.?$"
    # an update stamp to the second, with its zone: `Actualizado 13/02/2017 17:48:46 CET`
    rf"|^(?:{_UPDATED})(?:\s+(?:am|le|el|il|op))?\s*:?\s*{_DAY_TIME}:\d{{2}}(?:\s+[A-Z]{{3,4}})?\.?$"
    # the place, then the stamp (`Madrid 13/02/2017 16:24 h`), a dateline line of its own
    rf"|^[A-ZÀ-Þ][\w'\-]+(?:\s+[A-ZÀ-Þ][\w'\-]+)?,?\s+{_DAY_TIME}(?::\d{{2}})?(?:\s*(?:Uhr|h))?$"
    # a dateline alone on its line, the place in capitals and a double dash (`ΟΥΑΣΙΓΚΤΟΝ.--`, `WASHINGTON --`)
    r"|^(?-i:[^\W\d_a-zà-ÿα-ωа-я]{3,24})(?:\s(?-i:[^\W\d_a-zà-ÿα-ωа-я]{2,24})){0,2}\s?\.?\s?--$"
    # a wire's dateline alone (`ROMA, 13 Feb. (EUROPA PRESS) -`): the place in capitals, the day, the agency
    r"|^[A-ZÀ-Þ][A-ZÀ-Þ .'\-]{1,30},\s+\d{1,2}(?:\s+[^\W\d_]{3,10}\.?)?\s+\([A-ZÀ-Þ][A-ZÀ-Þ .\-]{1,30}\)\s*[-–—.]*$"
    # ... its place in Latin or Cyrillic capitals, the day, a dash and the agency (`БАКУ, 28 ноя – 1NEWS.AZ`)
    r"|^(?-i:[A-ZÀ-ÞА-ЯЁ][A-ZÀ-ÞА-ЯЁ .'\-]{1,30}),\s+\d{1,2}(?:\s+[^\W\d_]{3,10}\.?)?\s+[–—-]\s+(?-i:[A-ZА-ЯЁ0-9][\w.\-]{1,20})$"
    # a Russian stamp: `08.12.2011 г. в 17:50`
    r"|^\d{1,2}\.\d{1,2}\.\d{4}\s*г\.?\s*(?:в\s*)?\d{1,2}:\d{2}$"
    # a day-first stamp with a dash before the time: `15.12.2020 – 14:49`
    r"|^\d{1,2}\.\d{1,2}\.\d{4}\s*[–—-]\s*\d{1,2}:\d{2}(?:\s*Uhr)?$"
    # the time first, then the day (`Published: 10:15, 13 November 2015 | Updated: 10:33, 13 November 2015`)
    r"|^(?:(?:Published|Updated|Posted)\s*:?\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?,?\s+\d{1,2}\s+[^\W\d_]+\.?\s+\d{4}"
    r"(?:\s*[|·]\s*|\s+|$))+$",
    re.I)

# --- DOM ----------------------------------------------------------------------------------------------------

# Known article-body containers, most specific first (CSS). Korean outlets, shared CMSs, then generic.
BODY_SELECTORS: tuple[str, ...] = (
    "[itemprop=articleBody]", "#dic_area", "#newsct_article", "#articleBodyContents", "#articeBody",
    "#article-view-content-div", "div.article_view section", "div.news_view .article_view",
    "#articleText", "#articletxt", "#article_body", "#articleBody", "#news_body_area", "#textBody",
    "#newsEndContents", "#CmAdContent", "div.story-news.article", "div.article-story", "section.article-body",
    "div.article_txt", "div.article-txt", "div.article_body", "div.art_body", "div.article-body", "div.news_body", "div.news-body",
    "div.view_con", "div.news_cnt_detail_wrap", "div.article_content", "div.article-content", "div.entry-content",
    "div.post-content", "div.story-body", "div.article__body", "div.body-text",
    # Elementor (a WordPress page builder): the post's text is the "theme post content" widget of the page's template
    "div.elementor-widget-theme-post-content",
)

# class/id tokens of elements that are page furniture even inside the article container.
JUNK_TOKENS: tuple[str, ...] = (
    "comment", "comments", "reply", "share", "sharing", "sns", "social", "related", "relate", "relation", "recommend", "popular",
    "most", "mostread", "ranking", "rank", "banner", "ad", "ads", "advert", "advertisement", "adsense", "dable",
    "sponsor", "promo", "subscribe", "subscription", "newsletter", "copyright", "copy", "footer", "sidebar", "aside",
    "gnb", "lnb", "nav", "navigation", "menu", "breadcrumb", "breadcrumbs", "tag", "tags", "keyword", "keywords",
    "hashtag", "print", "fontsize", "util", "utility", "toolbar", "tool", "reporter", "byline", "writer",
    "journalist", "profile", "author", "caption", "photo", "img", "image", "figure", "video", "vod", "player", "hidden",
    "blind", "sr", "modal", "popup", "login", "pagination", "paging", "more", "link", "links", "subtitle", "sub",
    "summary", "excerpt", "lead", "date", "dateline", "info", "meta", "headline", "title", "bottom", "recirc", "outbrain",
    "taboola", "widget", "promotion", "issue", "series", "journalists", "copyright_txt", "audio", "tts", "quiz",
    # cookie/consent banners, paywall prompts and locked-article boxes, comment-moderation notices (their long legal
    # text must not win the container vote)
    "consent", "cookie", "cookies", "gdpr", "cmp", "paywall", "regwall", "locked", "moderator",
    # reader-support appeals (`div.support-forum`: "How many of our stories do you read a day? …", donation boxes)
    "support", "donate", "donation",
    # a German "Störer" (`div.disturber`, `div.stoerer`): a box breaking into the text to ask for money or a sign-up
    "disturber", "stoerer",
    # chart and interactive-graphic embeds: their axis labels and legends are not sentences
    "ai2html", "interactive-graphic", "datawrapper", "flourish-embed", "highcharts",
    # embedded posts (a tweet's text is the embed's, not the article's)
    "twitter-tweet", "twitter-timeline", "instagram-media", "tiktok-embed", "fb-post", "embed-instagram",
    "embed-twitter", "embed-facebook", "embed-tiktok", "social-embed",
    # text for screen readers only: not shown on the page (`This content is imported from Instagram…`)
    "screen-reader", "screenreader", "visuallyhidden",
    # a reader-comment widget named for its "conversation" (`div#conversations`: sign-in prompt, house rules)
    "conversation",
    # reader forums under the story (`div.spCommunityBox`: "insgesamt 99 Beiträge zum Forum…")
    "community",
    # a "report an error" form under the story (`div.report-error-container`: Reportar error / Enviado / Error)
    "report-error", "error-report",
    # an affiliate plugin's product box or price table (AAWP, Amazon Affiliates for WordPress: `div.aawp`)
    "aawp",
    # a reader poll under the story (`div.dem-poll-shortcode > div.democracy`: the question and its answers)
    "poll", "polls", "democracy",
    # reader comments named in the page's language (COMMENT_NAME_RE)
    "komentarz", "kommentare", "kommentarer", "commentaires", "comentarios", "commenti", "reacties",
)
# Long tokens also match as prefixes (relatedposts, commentList) and as a camel-case part (`spCommunityBox`); short
# ones only whole (ad, sub, tag).
_LONG = sorted((t for t in JUNK_TOKENS if len(t) >= 6), key=len, reverse=True)
_SHORT = sorted((t for t in JUNK_TOKENS if len(t) < 6), key=len, reverse=True)
# Movable Type's and TypePad's `div.entry-more` (`div.asset-more`) is the rest of the post after its "continue
# reading" cut, not a "more stories" box
_SHORT_FORMS = {"more": r"(?<!entry-)(?<!entry_)(?<!asset-)(?<!asset_)more"}
JUNK_RE = re_compile(r"(?:^|[\s_\-])(?:(?i:" + "|".join(map(re.escape, _LONG)) + r")|(?i:"
                     + "|".join(_SHORT_FORMS.get(t, re.escape(t)) for t in _SHORT)
                     + r")(?:$|[\s_\-\d]|[A-Z]))|(?<=[a-z])(?=[A-Z])(?:" + "|".join(t[0].upper() + re.escape(t[1:]) for t in _LONG
                                                                if t.isalpha()) + ")")
# Text elements judged by content alone: template classes on them (font-size, text colour) say nothing.
NO_JUNK_CHECK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "b", "strong", "em", "i", "u", "font", "br", "a"})


class _Prefiltered:
    """A regex searched only when one of its literal words occurs in the text: class and id lists are searched by the
    thousand per page and almost none names what the regex looks for (a substring test is ~20x cheaper)."""

    def __init__(self, rx: re.Pattern[str], words: tuple[str, ...]):
        self.rx, self.words, self.pattern = rx, words, rx.pattern

    def search(self, text: str) -> re.Match[str] | None:
        """The regex's match in `text`, when one of the words occurs in it (any case)."""
        low = text.lower()
        return self.rx.search(text) if any(w in low for w in self.words) else None


# A reader-comment thread's class or id token (`comments`, `comment-author`, `comments-list`, `pluck_comments_87095`,
# `disqus_thread`; not `commentary`, an opinion column).
# ... and the same word in other languages (`div#art-komentarze`, `kommentare`, `commentaires`, `comentarios`, `commenti`,
# `reacties`, `kommentarer`, `yorumlar`)
COMMENT_NAME_RE = re_compile(r"(?:^|[\s_\-])(?:comments?|commentlist|disqus|komentarz[eya]?|komentari|kommentar(?:e|er|en|ene)?|"
                             r"commentaires?|comentarios?|coment[aá]rios|commenti|reacties|kommentit|yorumlar|hozzaszolasok)"
                             r"(?:$|[\s_\-\d])"
                             # camel case (`div#postComments`, `div.userComments`, `div#commentWrapper`)
                             r"|(?-i:(?<=[a-z])Comments?(?=$|[\s_\-\dA-Z])|(?:^|(?<=[\s_\-]))comments?(?=[A-Z]))", re.I)
COMMENT_NAME_RE = _Prefiltered(COMMENT_NAME_RE, ("comment", "disqus", "koment", "kommentar", "comentar", "coment",
                                                 "reacties", "kommentit", "yorumlar", "hozzaszolasok"))
# Slideshows and photo galleries inside the container: furniture even when their captions outweigh the story.
GALLERY_RE = re_compile(r"(?:^|[\s_\-])(?:gallery|slideshow|slide-show|carousel|slider|lightbox)(?:$|[\s_\-])", re.I)
# Text a paywall shows blurred or scrambled (`<div class="content blurred">`, often lorem-ipsum filler in place of the
# story): the reader cannot read it, so it is never body text, whatever its size.
OBSCURED_RE = re_compile(r"(?:^|[\s_\-])(?:blurred|blurry|obfuscated|scrambled)(?:$|[\s_\-])", re.I)
# A "read also" capsule set inside a paragraph (`<span class="Capsule">À LIRE AUSSI <a>…</a></span>`): its label.
READ_ALSO_RE = re_compile(
    r"^\s*(?:(?:À|A) lire aussi|Lire aussi|Read (?:also|more)|See also|Leggi anche|Lesen Sie (?:auch|mehr)|Mehr zum Thema|"
    r"Lea también|Lee también|Leer más|Mira también|Leia também|Baca juga|Читайте также|Читайте також|Czytaj (?:też|także)|"
    r"Čtěte také|Lue myös|Läs också|Læs også|Les også|Lees ook|Xem thêm|(?:إقرأ|اقرأ)\s+(?:أيضاً|أيضًا|أيضا)|Više o temi|"
    r"Διαβάστε επίσης|Ayrıca okuyun|Preberite tudi|Oglejte si še|Pogledajte i|Čitajte i)(?=[\s:：]|$)", re.I)
# Inline elements: inside running text (a sentence continues around them) their class names are styling or link
# decoration (`<span class="link"><a>Joe Biden</a></span>`), never furniture.
INLINE_TAGS = frozenset({"span", "small", "sup", "sub", "abbr", "cite", "q", "mark", "time", "ins", "del", "s", "code",
                         "var", "kbd", "bdi", "bdo", "data", "tt", "big"})
# Names that mark content, to keep an element even when another token looks like furniture.
CONTENT_RE = re_compile(r"article|body|content|story|text|view|news|entry|post|cont|txt|main|detail|par", re.I)

# Elements whose subtree is never body text.
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "form", "button", "select", "input", "textarea", "svg", "nav", "aside",
    "footer", "header", "figure", "figcaption", "template", "object", "embed", "video", "audio", "canvas", "map",
    "label", "dialog", "menu", "img", "picture", "source", "link", "meta",
    "rt", "rp",  # ruby annotations: the reading printed above a word (NHK Easy furigana) is not part of the text
    # AMP furniture: ad slots (their `<div placeholder>광고</div>`), sidebars, analytics, consent, share bars, media
    "amp-ad", "amp-embed", "amp-sticky-ad", "amp-auto-ads", "amp-analytics", "amp-pixel", "amp-sidebar", "amp-consent",
    "amp-social-share", "amp-iframe", "amp-video", "amp-youtube", "amp-img", "amp-carousel", "amp-lightbox",
})
# A control that unfolds the rest of a mobile article (`기사 더보기`, `본문 펼치기`, `Read more`): the hidden element next
# to it is still article text.
FOLD_TOGGLE_RE = re_compile(r"^(?:(?:기사|본문|전체|기사\s*전체)\s*)?(?:더\s*보기|펼치기|전체\s*보기|계속\s*읽기)|^(?:read|show|see)\s+(?:more|full)|^continue\s+reading", re.I)
BLOCK_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section",
    "article", "aside", "header", "footer", "table", "tr", "td", "th", "tbody", "thead", "figure", "figcaption",
    "pre", "hr", "br", "address", "main", "center", "form", "caption",
})

# Caption elements (CSS), searched near an image.
CAPTION_SELECTORS: tuple[str, ...] = (
    "figcaption", ".photo_caption", ".caption", ".img_desc", ".img_caption", ".photo_desc", ".txt_caption",
    ".image-caption", ".wp-caption-text", ".desc", ".photo-caption", ".cap", "em.img_desc", "p.caption", ".txt", ".photo_txt",
    "span.sub_tit",
)
# A caption-classed element longer than this is not a caption (generic classes like `.txt` also wrap body text).
CAPTION_MAX_CHARS = 400
# Subtitle elements (CSS) — summary lines under the headline.
SUBTITLE_SELECTORS: tuple[str, ...] = (
    ".sub_title", ".subtitle", ".sub-title", ".article-subtitle", ".article_subtitle", ".sub_tit", ".subhead",
    ".media_end_head_subtitle", ".article-head-sub", ".stit", ".sub_headline", "h2.subheading", "h3.sub",
    ".summary_title", ".article_summary", ".headline-sub", ".standfirst", ".dek", ".post-subheading",
)
# Byline / reporter elements (CSS) searched when metadata names no author.
AUTHOR_SELECTORS: tuple[str, ...] = (
    # an hCard's formatted name in the byline (`cite.byline.vcard > span.fn`), the date beside it left out
    "[rel=author]", "[itemprop=author] [itemprop=name]", "[itemprop=author]", ".byline .fn", ".byline", ".byline_name", ".reporter",
    ".reporter_name", ".journalist", ".writer", ".author", ".author-name", ".name_reporter", ".media_end_head_journalist_name",
    ".article-byline", ".info_view .txt_info", ".repoter", ".byline-name",
    "author",  # a made-up `<author>` element (suara.com: `<author>Laban Laisila</author> : <time …>`)
    ".createdby",  # Joomla's article info (`dd.createdby`: `Escrito por …`, `Written by …`, `Geschrieben von …`)
)
# Elements that hold a reporter's address near the byline (CSS).
EMAIL_SELECTORS: tuple[str, ...] = (".ab_byline", ".email", ".reporter_email", ".byline_s", "a.email", ".profile-info", ".view-editors")
# Desk addresses in tip-line and footer blocks, never a reporter's.
GENERIC_EMAIL_RE = re_compile(r"^(?:jebo|webmaster|help|news|info|press|ad|ads|admin|contact|report|tip|tips|editor|desk|support)@", re.I)
# Tag list elements (CSS); '#' prefixes are stripped.
TAG_SELECTORS: tuple[str, ...] = (
    "a[rel=tag]", ".article_tags a", ".article_tags span", ".tags a", ".tag_list a", ".tag-list a", ".keyword a",
    ".keywords a", ".hashtag a", ".tag a", ".article-tags a", ".tags li", ".keyword_list a",
)
# Date-bearing elements (CSS) used after metadata fails.
DATE_SELECTORS: tuple[str, ...] = (
    "time[datetime]", "[data-date-time]", "[data-published]", ".date", ".datetime", ".regdate", ".txt_date",
    ".article_date", ".news_date", ".info_date", ".date_time", ".posted", ".published", ".updated", ".byline",
    ".timestamp", ".article_info", ".if_date", ".info_view", ".info", ".infomation", ".info-group", ".view_info", ".read_info", ".date_info", ".view_info", ".date-time", ".pubdate", "span.time", ".media_end_head_info_datestamp",
)
SECTION_SELECTORS: tuple[str, ...] = (".breadcrumb li:last-child", ".breadcrumbs li:last-child", ".cate", ".section_name")

# Images whose URL says they are furniture.
JUNK_IMAGE_RE = re_compile(r"logo|icon|btn_|button|blank|spacer|pixel|1x1|sprite|banner|/ads?/|badge|avatar|emoticon|profile|/reporters?/", re.I)

# Site-name suffixes commonly appended to titles when og:site_name is absent.
KNOWN_PUBLISHERS: tuple[str, ...] = (
    "연합뉴스", "조선일보", "조선비즈", "중앙일보", "동아일보", "동아닷컴", "한겨레", "경향신문", "매일경제", "매경",
    "한국경제", "한경", "서울신문", "국민일보", "세계일보", "한국일보", "문화일보", "뉴스1", "뉴시스", "이데일리",
    "머니투데이", "아시아경제", "헤럴드경제", "파이낸셜뉴스", "노컷뉴스", "오마이뉴스", "프레시안", "더팩트", "네이버 뉴스",
    "다음뉴스", "Daum 뉴스", "KBS 뉴스", "MBC 뉴스", "SBS 뉴스", "JTBC 뉴스", "YTN", "BBC News", "Reuters", "AP News",
    "The Guardian", "the Guardian", "CNN", "The New York Times", "Yonhap News Agency", "The Korea Herald", "The Korea Times",
)
# A series kicker before a headline in metadata titles (`[기획] 지방소멸, 마을이 답이다 ③ `, `【연중기획】 `).
SERIES_KICKER_RE = re_compile(r"^\s*[\[【〈<]\s*[^\]】〉>]{1,20}\s*[\]】〉>][^\[\]【】]{0,40}?\s*$")
TITLE_SEPARATORS_RE = re_compile(r"\s+(?:[-|–—:·•<>»«]|::|\|\||--)\s+")  # (`»`: WordPress's `Blog » Blog Archive » Post`)
