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


# English ↔ Korean news terms: translations, not spellings, so they are used only when a search asks for them
# (`search --translate`, `Archive.search(..., translate=True)`): by default `semiconductor` finds the word, not
# 반도체 (the held-out sets are labelled that way). Generic terms of economic, political, technology, climate and
# society news, one group per line; English in the singular (typed plurals are looked up singular).
TRANSLATION_GROUPS = """
interest rate = 금리
base rate = 기준금리
rate cut = 금리 인하
rate hike = 금리 인상
exchange rate = 환율
inflation = 물가 = 인플레이션
consumer price = 소비자물가
economy = 경제
economic growth = 경제성장
recession = 경기 침체
gross domestic product = GDP = 국내총생산
unemployment = 실업
unemployment rate = 실업률
employment = 고용
job = 일자리
wage = 임금
minimum wage = 최저임금
tax = 세금
budget = 예산
supplementary budget = 추경 = 추가경정예산
debt = 부채
household debt = 가계부채
loan = 대출
mortgage = 주택담보대출
real estate = 부동산
housing price = 집값 = 주택가격
home price = 집값 = 주택가격
apartment = 아파트
stock = 주식
stock market = 증시 = 주식시장
share price = 주가
bond = 채권
export = 수출
export control = 수출 통제
tariff = 관세
trade = 무역
trade war = 무역전쟁
semiconductor = 반도체
chip = 반도체
memory chip = 메모리 반도체
chipmaker = 반도체 기업
battery = 배터리 = 이차전지
electric vehicle = 전기차 = 전기자동차
carmaker = automaker = 완성차 = 자동차 업체
car = 자동차
shipbuilder = shipbuilding = 조선업 = 조선사
oil price = 유가
crude oil = 원유
natural gas = 천연가스
nuclear power = 원자력 = 원전
nuclear power plant = 원전 = 원자력발전소
renewable energy = 재생에너지
solar power = 태양광
carbon neutrality = 탄소중립
climate change = 기후변화
heat wave = heatwave = 폭염
heavy rain = 폭우 = 집중호우
typhoon = 태풍
wildfire = 산불
earthquake = 지진
fine dust = 미세먼지
air pollution = 대기오염
election = 선거
presidential election = 대선
general election = 총선
local election = 지방선거
president = 대통령
prime minister = 총리
national assembly = 국회
opposition party = 야당
ruling party = 여당
summit = 정상회담
sanction = 제재
North Korea = 북한
China = 중국
Japan = 일본
Russia = 러시아
Ukraine = 우크라이나
India = 인도
Indonesia = 인도네시아
Europe = 유럽
war = 전쟁
defense industry = 방산
birth rate = fertility rate = 출산율 = 출생률
low birth rate = 저출산 = 저출생
aging = 고령화
population = 인구
medical school = 의대
doctor = 의사
hospital = 병원
tourist = 관광객
tourism = 관광
artificial intelligence = AI = 인공지능
data center = 데이터센터
cloud = 클라우드
smartphone = 스마트폰
startup = 스타트업
investment = 투자
investor = 투자자
merger = 합병 = 인수합병
listing = 상장
operating profit = 영업이익
net profit = 순이익
revenue = 매출
central bank = 중앙은행
Bank of Korea = 한국은행 = 한은
fraud = 사기
jeonse fraud = 전세사기
privacy = 개인정보
data breach = 정보 유출
strike = 파업
labor union = 노조
subway = 지하철
gold price = 금값
film = movie = 영화
baseball = 야구
football = soccer = 축구
"""

TRANSLATIONS = _load(TRANSLATION_GROUPS)


def _singular(word: str) -> str:
    """A rough English singular for lookups (`batteries` → battery, `prices` → price; `us`, `news` unchanged)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "news")):
        return word[:-1]
    return word


def translations(text: str) -> tuple[str, ...]:
    """The other-language terms of `text` (`oil prices` → 유가; `폭염` → heat wave, heatwave), or ()."""
    key = _key(text)
    found = TRANSLATIONS.get(key)
    if found is None and re.fullmatch(r"[a-z ]+", key):
        found = TRANSLATIONS.get(" ".join(_singular(w) for w in key.split()))
    return found or ()
