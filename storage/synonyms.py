"""Names that Korean news writes in more than one way: official name ↔ short form ↔ Latin brand.

Kept as data, one group per line (`=`-separated, any spelling may be typed); the query parser adds the other
spellings of a group as OR alternatives. Only names of the SAME referent belong here (an organisation, a tax,
a company, a person, a brand; the romanisation used by English-language news counts as a spelling:
`삼성전자 = Samsung Electronics`, `이재명 = Lee Jae-myung`, `재벌 = chaebol`) — not translations of generic terms
(`IPO` ≠ `기업공개`, `AI` ≠ `인공지능`, `미국` ≠ `US` stay separate). A spelling of several words is matched
as a phrase, also when typed unquoted (`Samsung Electronics` is one name, see `storage.query._merge_words`).
Spellings are matched after particle stripping, so `금감원은` uses the 금감원 group. A spelling marked `~` is also
an English word (`~Fed`: fed): typed, it finds its group, but it is never added for the others (`연준` must not find
"fed to many loads": the index folds case).
"""

from __future__ import annotations

import re

GROUPS = """
기획재정부 = 기재부
국토교통부 = 국토부
산업통상자원부 = 산업부 = 산자부
과학기술정보통신부 = 과기정통부 = 과기부
보건복지부 = 복지부
고용노동부 = 고용부 = 노동부
행정안전부 = 행안부
문화체육관광부 = 문체부
중소벤처기업부 = 중기부
해양수산부 = 해수부
농림축산식품부 = 농식품부
여성가족부 = 여가부
금융위원회 = 금융위
금융감독원 = 금감원
공정거래위원회 = 공정위
방송통신위원회 = 방통위
중앙선거관리위원회 = 선관위
국민권익위원회 = 권익위
국가인권위원회 = 인권위
고위공직자범죄수사처 = 공수처
국가정보원 = 국정원
헌법재판소 = 헌재
한국은행 = 한은
금융통화위원회 = 금통위
질병관리청 = 질병청
식품의약품안전처 = 식약처
최저임금위원회 = 최저임금위
전국경제인연합회 = 전경련 = 한국경제인협회 = 한경협
한국경영자총협회 = 경총
대한상공회의소 = 대한상의
중소기업중앙회 = 중기중앙회
전국민주노동조합총연맹 = 민주노총 = 민노총
한국노동조합총연맹 = 한국노총 = 한노총
전국교직원노동조합 = 전교조
대한의사협회 = 의협
한국토지주택공사 = LH
한국전력공사 = 한국전력 = 한전
한국철도공사 = 코레일
국민건강보험공단 = 건보공단
국민연금공단 = 연금공단
국민의힘 = 국힘
더불어민주당 = 민주당
종합부동산세 = 종부세
양도소득세 = 양도세
금융투자소득세 = 금투세
부가가치세 = 부가세
현대자동차 = 현대차 = Hyundai Motor
현대자동차그룹 = 현대차그룹 = Hyundai Motor Group
LG에너지솔루션 = LG엔솔
네이버 = NAVER
삼성전자 = Samsung Electronics
SK하이닉스 = SK Hynix
LG전자 = LG Electronics
삼성바이오로직스 = Samsung Biologics
카카오 = Kakao
쿠팡 = Coupang
셀트리온 = Celltrion
포스코 = POSCO
엔비디아 = Nvidia
갤럭시 = Galaxy
아이폰 = iPhone
챗GPT = ChatGPT
유엔 = UN = 국제연합
나토 = NATO = 북대서양조약기구
국제통화기금 = IMF
경제협력개발기구 = OECD
세계보건기구 = WHO
세계무역기구 = WTO
유럽연합 = EU
국제원자력기구 = IAEA
석유수출국기구 = OPEC
유럽중앙은행 = ECB
연방준비제도 = 연준 = ~Fed = Federal Reserve
United States = US = U.S.
United Kingdom = UK = U.K.
재벌 = chaebol
이재명 = Lee Jae-myung
윤석열 = Yoon Suk Yeol
한동훈 = Han Dong-hoon
문재인 = Moon Jae-in
김정은 = Kim Jong Un
이재용 = Lee Jae-yong
최태원 = Chey Tae-won
정의선 = Chung Eui-sun
구광모 = Koo Kwang-mo
이창용 = Rhee Chang-yong
손흥민 = Son Heung-min
"""


def _key(name: str) -> str:
    """Lookup form: case-folded, hyphens and spaces alike (`Yoon Suk-yeol` = `Yoon Suk Yeol`)."""
    return re.sub(r"[\s\-‐‑]+", " ", name.casefold()).strip()


def _load(text: str) -> dict[str, tuple[str, ...]]:
    """Spelling (case-folded) → the other spellings of its group (never a `~` one)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        names = [n.strip() for n in line.split("=") if n.strip()]
        plain = [n.lstrip("~") for n in names if not n.startswith("~")]
        for name in names:
            table[_key(name.lstrip("~"))] = tuple(n for n in plain if n != name)
    return table


SYNONYMS = _load(GROUPS)


def other_spellings(word: str) -> tuple[str, ...]:
    """The other spellings of `word`'s group, or () when it has none."""
    return SYNONYMS.get(_key(word), ())
