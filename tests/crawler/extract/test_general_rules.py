"""General rules found with the held-out pages: byline forms, broadcast scripts, credits, dates, split bodies."""

import pytest

from crawler.extract import extract_article
from crawler.extract.clean import clean_paragraphs, split_names
from crawler.extract.dates import labelled_dates, parse_date, to_iso

BODY = "정부가 12일 새 부동산 대책을 발표했다. 시장은 대체로 긍정적인 반응을 보였다."


@pytest.mark.parametrize("line,names", [
    ("[헤럴드경제=박지영 기자] " + BODY, ["박지영"]),
    ("[아시아경제 세종=김철수 기자] " + BODY, ["김철수"]),
    ("[파이낸셜뉴스] " + BODY, []),
    ("[디지털타임스] " + BODY, []),
])
def test_more_byline_prefixes(line, names):
    out = clean_paragraphs([line, BODY])
    assert out.paragraphs == [BODY, BODY]
    assert out.authors == names


def test_bracketed_word_that_is_not_an_outlet_stays():
    text = "[단독] " + BODY
    assert clean_paragraphs([text]).paragraphs == [text]


@pytest.mark.parametrize("line,names", [
    ("세종=김아진 기자 ahjin@kmib.co.kr", ["김아진"]),
    ("세종 황비웅 기자", ["황비웅"]),
    ("워싱턴 김철수 특파원 kcs@x.co.kr", ["김철수"]),
    ("▶ 최유빈 기자", ["최유빈"]),
    ("KBS 뉴스 이랑입니다.", ["이랑"]),
    ("MBC뉴스 윤상문입니다.", ["윤상문"]),
    ("지금까지 기상청에서 YTN 김민경입니다.", ["김민경"]),
    ("MBN뉴스 강세현입니다. [kang.sehyun@mbn.co.kr]", ["강세현"]),
    ("이가람 기자입니다.", ["이가람"]),
    ("By Kim Ji-hyun (kjh@heraldcorp.com)", ["Kim Ji-hyun"]),
])
def test_more_byline_lines(line, names):
    out = clean_paragraphs([BODY, line])
    assert out.paragraphs == [BODY]
    assert out.authors == names


def test_space_separated_wire_names_still_split():
    assert split_names("김선형 이재현") == ["김선형", "이재현"]
    assert split_names("세종 황비웅") == ["황비웅"]


@pytest.mark.parametrize("line", [
    "[앵커]", "[리포트]", "<앵커>", "<기자>", "◀ 앵커 ▶", "◀ 리포트 ▶", "【 앵커멘트 】", "【 기자 】",
    "(영상취재 : 김태훈, 영상편집 : 박춘배)", "촬영기자:김상민/영상편집:이웅/그래픽:김지훈", "영상취재: 김우람 / 영상편집: 박초은",
    "[영상취재 김장헌 / 영상편집 이지훈]", "[카카오톡] YTN 검색해 채널 추가", "[전화] 02-398-8585",
    "[ 문화닷컴 바로가기 | 페이스북 | 모바일 웹 ]", "Related Story", "Story continues below advertisement",
])
def test_broadcast_markers_credits_and_nav_dropped(line):
    assert clean_paragraphs([BODY, line, BODY]).paragraphs == [BODY, BODY]


@pytest.mark.parametrize("line", [
    "[목격자 : 차가 지나가는데 갑자기 쿵 하더니 앞부분이 완전히 들어가 버렸어요.]",
    "[이정숙/서울 마포구]",
    "그래픽 디자이너 출신인 김씨는 10년 넘게 영상 편집 일을 해 왔다.",
    "저는 기자입니다.",
])
def test_interview_captions_and_ordinary_text_kept(line):
    assert clean_paragraphs([BODY, line]).paragraphs == [BODY, line]


@pytest.mark.parametrize("text,iso", [
    ("입력 2024.04.03 (21:06)", "2024-04-03T21:06:00+09:00"),
    ("24.04.10 21:02", "2024-04-10T21:02:00+09:00"),
    ("기사입력 2024-05-10 오전 8:01", "2024-05-10T08:01:00+09:00"),
])
def test_more_date_shapes(text, iso):
    pub, _ = labelled_dates(text) if text[0] in "입기" else (parse_date(text), None)
    assert pub is not None and to_iso(pub) == iso


def test_short_year_is_only_a_leading_stamp():
    assert parse_date("3.5.12 이후") is None


def _page(body: str, head: str = "") -> bytes:
    return (f"<html><head><title>제목 - 사이트</title></head><body><header><a href='/'>홈</a></header>"
            f"{head}{body}<footer>회사소개 | 이용약관</footer></body></html>").encode()


PARAS = [f"{i}번째 문단입니다. 이 기사는 여러 블록으로 나뉜 본문을 하나로 읽어야 하는지 확인하기 위한 긴 문장을 담고 있다." for i in range(1, 7)]


def test_body_split_into_sibling_columns_is_read_whole():
    cols = "".join(f"<div class='col'><div class='inner'><p>{a}</p><p>{b}</p></div></div>"
                   f"<div class='ad'>Advertisement</div>" for a, b in zip(PARAS[::2], PARAS[1::2]))
    art = extract_article(_page(f"<section>{cols}</section>"), "https://example.com/a")
    assert art.paragraphs == PARAS


def test_known_body_class_repeated_per_paragraph_is_read_whole():
    blocks = "".join(f"<div class='article-body'><p>{p}</p></div><div class='x'>Advertisement</div>" for p in PARAS)
    art = extract_article(_page(f"<div class='metered'>{blocks}</div>"), "https://example.com/a")
    assert art.paragraphs == PARAS


def test_unlabelled_header_stamp_and_header_byline():
    head = ("<div class='h'><h2>의대 교수들 사직서 제출 결의</h2><ul><li><a href='/r/1'>CBS노컷뉴스 김정록 기자</a></li>"
            "<li><span>2024-03-16 17:12</span></li></ul></div>")
    html = (f"<html><head><meta property='og:title' content='의대 교수들 사직서 제출 결의'></head><body>{head}"
            f"<div id='body'>{'<br><br>'.join(PARAS)}</div></body></html>").encode()
    art = extract_article(html, "https://example.com/a")
    assert art.published == "2024-03-16T17:12:00+09:00"
    assert art.authors == ["김정록"]


# --- rules found with tests/fixtures/extraction_holdout3 ------------------------------------------------------

def test_trailing_byline_after_last_sentence_and_bracketed_outlet_byline():
    out = clean_paragraphs([BODY, BODY + " 조장우 기자", "[이투데이/김범근 기자 (nova@etoday.co.kr)]"])
    assert out.paragraphs == [BODY, BODY]
    assert out.authors == ["조장우", "김범근"]
    assert out.emails == ["nova@etoday.co.kr"]


@pytest.mark.parametrize("line", ["#전공의 #의대증원 #복지부", "관련 뉴스", "\u3164"])
def test_hashtag_rows_related_news_and_filler_lines_dropped(line):
    assert clean_paragraphs([BODY, line, BODY]).paragraphs == [BODY, BODY]


def test_print_edition_day_yields_to_timed_input_stamp_and_gnuboard_short_year():
    pub, _ = labelled_dates("발행일 2024-05-03 제12면 김주엽 입력 2024-05-02 16:21")
    assert to_iso(pub) == "2024-05-02T16:21:00+09:00"
    pub, _ = labelled_dates("작성일 24-05-02 16:21")
    assert to_iso(pub) == "2024-05-02T16:21:00+09:00"


def _h3_page(head: str, header: str, body: str = "<p>" + BODY + "</p><p>" + BODY + "</p><p>" + BODY + "</p>") -> bytes:
    return (f"<html><head><meta charset='utf-8'>{head}</head><body><div class='art_head'>{header}</div>"
            f"<div class='article_body'>{body}</div></body></html>").encode()


def test_metadata_date_later_or_date_only_yields_to_shown_stamp():
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"제목입니다 제목","datePublished":"%s"}</script>'
    header = "<h1>제목입니다 제목</h1><p class='date'>2024년 05월 02일 (목) 16:21:00</p>"
    for value in ("2024-05-03T05:00:00+09:00", "2024-05-02T00:00:00+09:00"):
        art = extract_article(_h3_page(ld % value, header), "https://x.kr/a")
        assert art.published == "2024-05-02T16:21:00+09:00"
    # a metadata value in another zone, or a shown date without a time, is not overridden
    art = extract_article(_h3_page(ld % "2024-05-02T19:45:00-07:00", "<h1>제목입니다 제목</h1><p>2024-05-02 11:00</p>"), "https://x.kr/a")
    assert art.published == "2024-05-02T19:45:00-07:00"


def test_outlet_named_as_person_in_jsonld_is_not_an_author_but_guardian_style_title_author_is():
    ld = '<title>제목입니다 제목 | 데일리안</title><script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"%s"}}</script>'
    header = "<h1>제목입니다 제목</h1><div class='reporter'>이수현 기자 (shlee@dailian.co.kr)</div>"
    assert extract_article(_h3_page(ld % "데일리안", header), "https://x.kr/a").authors == ["이수현"]
    ld2 = '<title>Why it matters | Polly Toynbee | The Guardian</title><script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Polly Toynbee"}}</script>'
    assert extract_article(_h3_page(ld2, "<h1>Why it matters</h1>"), "https://x.uk/a").authors == ["Polly Toynbee"]


def test_heading_equal_to_leading_title_segments_and_long_txt_is_not_a_caption():
    head = '<meta property="og:title" content="제주 4월 관광객 118만명 회복 > 지역뉴스 | 제주투데이뉴스">'
    header = "<h1 id='hd_h1'>제주 4월 관광객 118만명 회복 &gt; 지역뉴스</h1><h2 id='bo_v_title'>제주 4월 관광객 118만명 회복</h2>"
    assert extract_article(_h3_page(head, header), "https://x.kr/a").title == "제주 4월 관광객 118만명 회복"
    body = f"<img src='/photo/a.jpg'><p class='txt'>{BODY}<br><br>{BODY}<br><br>{BODY}</p>"
    art = extract_article(_h3_page("", "<h1>제목입니다 제목</h1>", body), "https://x.kr/a")
    assert art.body.count(BODY) == 3


# --- rules found on extraction_holdout4 (dates and bylines) ------------------------------------------------------

def test_two_word_role_is_not_a_name():
    from crawler.extract.clean import clean_paragraphs as _clean
    out = _clean(["첫 문단입니다. 충분히 긴 본문 문장이 이어집니다.", "김고은 기자 nowgo@journalist.or.kr", "박지은 인턴기자"])
    assert out.authors == ["김고은", "박지은"]
    assert split_names("박지은 인턴") == ["박지은"]


def test_bracket_byline_with_place_and_outlet_in_parentheses():
    from crawler.extract.clean import clean_paragraphs as _clean
    out = _clean(["[OSEN=싱가포르, 이인환 기자] 손흥민이 멀티골을 터뜨렸다."])
    assert out.authors == ["이인환"] and out.paragraphs == ["손흥민이 멀티골을 터뜨렸다."]
    out = _clean(["(엑스포츠뉴스 김예나 기자) 배우 변우석의 팬미팅이 매진됐다."])
    assert out.authors == ["김예나"] and out.paragraphs == ["배우 변우석의 팬미팅이 매진됐다."]
    out = _clean(["[헤럴드경제=박지영 기자] 본문이다."])
    assert out.authors == ["박지영"]


def test_credit_and_desk_lines_are_not_body():
    from crawler.extract.clean import clean_paragraphs as _clean
    lines = ["본문 문장이다. 충분히 길게 쓴 기사 본문이다.", "기사제공 OSEN",
             "이 기사는 뉴스토마토 보도준칙 및 윤리강령에 따라 김하늬 산업부장이 최종 확인·수정했습니다.",
             "—With assistance from Jon Herskovitz.",
             "Kim Seong-kon is a professor emeritus of English at Seoul National University. "
             "The views expressed here are the writer's own. -- Ed."]
    assert _clean(lines).paragraphs == lines[:1]


def test_outlet_inside_site_name_is_not_an_author():
    from crawler.extract.clean import clean_authors
    assert clean_authors(["Korea Herald"], exclude={"The Korea Herald"}) == []
    assert clean_authors(["Kim Seong-kon"], exclude={"The Korea Herald"}) == ["Kim Seong-kon"]


def test_headline_block_lists_all_reporters_and_utc_meta_shown_in_page_zone():
    from crawler.extract import extract_article as _extract
    html = """<html><head><title>2차전지주 반등 - 한국경제TV</title>
    <meta property="og:title" content="2차전지주 반등, 바닥 통과 논쟁">
    <meta property="article:published_time" content="2024-06-03T00:05:00Z"></head><body>
    <div class="head"><h2 class="title-news">2차전지주 반등, 바닥 통과 논쟁</h2>
    <div class="date-news">입력 2024-06-03 09:05</div><div class="writer-news"><a>박해린 기자</a>, <a>조연 인턴기자</a></div></div>
    <div id="articleBody"><p>2차전지 관련주가 3일 장 초반 일제히 반등하고 있다. 리튬 가격이 하락세를 멈췄다는 소식이 영향을 줬다.</p>
    <p>증권가에서는 업황 바닥론과 신중론이 엇갈린다. 재고 조정이 마무리 단계라는 평가가 나온다.</p>
    <p>박해린기자 hlpark@wowtv.co.kr</p></div></body></html>"""
    a = _extract(html, "https://example.com/a")
    assert a.authors == ["박해린", "조연"]
    assert a.published == "2024-06-03T09:05:00+09:00"


def test_ndsoft_h3_heading_is_the_headline():
    from crawler.extract import extract_article as _extract
    html = """<html><head><meta property="og:title" content="포털 뉴스 제휴평가위 재출범 논의 공전 - 미디어오늘"></head><body>
    <header><h3 class="heading">포털 뉴스 제휴평가위 재출범 논의 공전</h3><h4 class="subheading">부제</h4></header>
    <article id="article-view-content-div"><p>포털 뉴스 제휴를 심사하는 위원회의 재출범 논의가 1년 넘게 제자리걸음이다.</p></article></body></html>"""
    assert _extract(html, "https://example.com/b").title == "포털 뉴스 제휴평가위 재출범 논의 공전"


# --- rules found with extraction_holdout5 (article shapes) ---------------------------------------------------

def test_marker_led_prose_answer_is_body_but_marker_promo_is_not():
    q = "-상장 시점을 지금으로 정한 이유는."
    a = "▶이용자가 1억7000만명을 넘었고, 북미 매출이 흑자 전환을 앞두고 있다. 웹툰이 산업으로 인정받을 때가 왔다고 판단했다."
    out = clean_paragraphs([BODY, q, a, "▶ 관련기사: 웹툰 작가 수익 논란", "▶카카오톡 : 더팩트 제보"])
    assert out.paragraphs == [BODY, q, a]


def test_release_dateline_contact_and_wire_credit_lines_are_not_body():
    out = clean_paragraphs(["서울--(뉴스와이어)--2024년 06월 17일 -- " + BODY, BODY, "웹사이트: https://www.sw.or.kr"])
    assert out.paragraphs == [BODY, BODY]
    en = "North Korea flew hundreds more balloons carrying trash toward South Korea on Sunday."
    out = clean_paragraphs([en, "Associated Press writer Mari Yamaguchi in Tokyo contributed to this report."])
    assert out.paragraphs == [en]
    # a network's own contributor line is labelled as text (tests/fixtures/extraction_holdout/cnn_aurora.json)
    cnn = "CNN’s Mary Gilbert contributed to this report."
    assert clean_paragraphs([en, cnn]).paragraphs == [en, cnn]


def test_time_first_english_stamps_and_weekday_labels():
    pub, mod = labelled_dates("Updated 1:40 AM EDT, June 9, 2024 Published 11:12 PM EDT, June 8, 2024")
    assert to_iso(pub) == "2024-06-08T23:12:00-04:00" and to_iso(mod) == "2024-06-09T01:40:00-04:00"
    pub, _ = labelled_dates("First published on Wed 19 Jun 2024 00.45 BST")
    assert to_iso(pub) == "2024-06-19T00:45:00+01:00"


def test_bold_deck_opening_the_body_is_a_subtitle_and_live_entry_headers_are_body():
    html = ("<html><head><title>전셋값 상승</title></head><body><h1>전셋값 상승</h1><div class='article_content'>"
            "<p><strong>서울 전세 매물 20% 감소<br>월세 비중 42%로</strong></p>" + f"<p>{BODY}</p>" * 3 + "</div></body></html>")
    art = extract_article(html.encode(), "https://example.com/a")
    assert "월세 비중" not in art.body and art.subtitle == "서울 전세 매물 20% 감소 월세 비중 42%로"
    entry = ("<article class='block'><header><p><a href='#b'><time datetime='2024-06-19T00:40:00Z'>01.40 BST</time></a></p>"
             "<h2>Seoul urges Moscow not to breach sanctions</h2></header><div><p>South Korea's foreign ministry said it had "
             "asked Russia not to take any steps that violate UN resolutions.</p></div></article>")
    html = ("<html><head><title>Live</title></head><body><h1>Live</h1><div id='liveblog-body'>" + entry * 3
            + "</div></body></html>")
    art = extract_article(html.encode(), "https://example.com/live")
    assert art.body.count("01.40 BST") == 3 and art.body.count("Seoul urges Moscow") == 3


def test_shown_by_line_names_all_writers_when_meta_names_one():
    html = ("<html><head><title>T</title><meta name='author' content='Hyung-jin Kim'></head><body><h1>T</h1>"
            "<div class='Page-authors'>By <a>Hyung-jin Kim</a> and <a>Kim Tong-hyung</a></div>"
            "<div class='RichTextStoryBody'>" + "<p>North Korea flew hundreds more balloons toward the South on Sunday.</p>" * 3
            + "</div></body></html>")
    assert extract_article(html.encode(), "https://example.com/a").authors == ["Hyung-jin Kim", "Kim Tong-hyung"]


# --- found with extraction_holdout6 ----------------------------------------------------------------------------

def test_marker_subheads_followed_by_prose_are_body_but_lone_marker_links_are_not():
    lines = [BODY, "◆ 첫차 앞당기기 요구 커져", BODY, "◆ “운행 늘리려면 인력·예산 먼저”", BODY]
    assert clean_paragraphs(lines).paragraphs == lines
    assert clean_paragraphs([BODY, "◆ 오늘의 주요뉴스", BODY]).paragraphs == [BODY, BODY]
    # two marker lines that are not followed by prose stay promo links
    assert clean_paragraphs([BODY, BODY, "◇ 관련기사 하나", "◇ 관련기사 둘"]).paragraphs == [BODY, BODY]


def test_triangle_list_run_is_body_but_single_triangle_caption_is_not():
    items = ["▲신생아 특례 대출 소득 요건 완화", "▲공공분양 우선공급 물량 확대"]
    assert clean_paragraphs([BODY, *items, BODY]).paragraphs == [BODY, *items, BODY]
    assert clean_paragraphs([BODY, "▲ 12일 열린 기념식 모습", BODY]).paragraphs == [BODY, BODY]


@pytest.mark.parametrize("line", [
    "STEVE INSKEEP, HOST:", "ANTHONY KUHN, BYLINE:", "KUHN:", "(SOUNDBITE OF MUSIC)", "(LAUGHTER)",
    "To contact the reporters on this story: Sam Kim in Seoul at skim609@bloomberg.net", "Related topics",
])
def test_transcript_cues_and_wire_contact_lines_are_not_body(line):
    en = "Officials said the plan would be announced later this year, according to the ministry."
    assert clean_paragraphs([en, line, en]).paragraphs == [en, en]


def test_mixed_case_line_ending_with_colon_stays():
    en = "The ministry listed three reasons for the change:"
    assert clean_paragraphs([en]).paragraphs == [en]


_PAGE = """<html><head><meta charset="utf-8"><title>{og} - 신문</title><meta property="og:title" content="{og}"></head><body>
<div class="head"><p class="kicker">{kicker}</p><h1 class="headline">{h1}</h1></div>
<figure class="lede"><img src="/p/lead.jpg"><figcaption><span class="visually-hidden">Image caption, </span>항구에 쌓인 컨테이너</figcaption></figure>
<div class="article-body"><strong class="summary">요약 첫 줄<br>요약 둘째 줄</strong><br><br>{body}<br><br>{body}
<blockquote class="twitter-tweet"><p>This embedded post is not article text at all.</p></blockquote><br>{body}</div></body></html>"""


def test_on_page_headline_wins_over_seo_og_title_and_embeds_deck_lead_caption_stay_out():
    html = _PAGE.format(og="삼성전자, HBM3E 엔비디아 퀄테스트 통과…공급 임박", kicker="", h1="삼성 HBM3E, 엔비디아 문턱 넘었다", body=BODY)
    a = extract_article(html.encode(), "https://example.com/a/1")
    assert a.title == "삼성 HBM3E, 엔비디아 문턱 넘었다"
    assert a.body.split("\n\n") == [BODY, BODY, BODY]
    assert a.captions == ["항구에 쌓인 컨테이너"]


def test_series_kicker_is_not_part_of_the_headline():
    html = _PAGE.format(og="[기획] 지방소멸, 마을이 답이다 ③ 폐교가 마을 부엌이 되다", kicker="[기획] 지방소멸, 마을이 답이다 ③",
                        h1="폐교가 마을 부엌이 되다", body=BODY)
    assert extract_article(html.encode(), "https://example.com/a/2").title == "폐교가 마을 부엌이 되다"


def test_unrelated_h1_does_not_replace_the_metadata_title():
    html = _PAGE.format(og="정부, 새 부동산 대책 발표…시장 반응 엇갈려", kicker="", h1="오늘의 날씨와 생활 정보 안내", body=BODY)
    assert extract_article(html.encode(), "https://example.com/a/3").title == "정부, 새 부동산 대책 발표…시장 반응 엇갈려"


# --- mobile and AMP pages (extraction_holdout7) ---

@pytest.mark.parametrize("toggle", ["기사 더보기", "본문 펼치기", "더보기", "Read more"])
def test_folded_mobile_body_behind_a_more_button_is_text(toggle):
    shown = "".join(f"<p>{p}</p>" for p in PARAS[:2])
    folded = "".join(f"<p>{p}</p>" for p in PARAS[2:])
    body = (f"<div class='article_body'>{shown}<div class='fold' style='display: none' aria-hidden='true'>{folded}</div>"
            f"<div class='btn_wrap'><button type='button'>{toggle}</button></div></div>")
    art = extract_article(_page(body), "https://m.example.com/a")
    assert art.paragraphs == PARAS


def test_hidden_block_without_a_more_button_stays_hidden():
    body = (f"<div class='article_body'>{''.join(f'<p>{p}</p>' for p in PARAS[:4])}"
            f"<div style='display:none'><p>{PARAS[4]}</p><p>{PARAS[5]}</p></div></div>")
    art = extract_article(_page(body), "https://m.example.com/a")
    assert art.paragraphs == PARAS[:4]


def test_amp_ad_placeholder_is_not_body():
    body = (f"<div class='article-body'>{PARAS[0]}<br><br>{PARAS[1]}<br><br><amp-ad width='300' height='250' "
            f"type='doubleclick'><div placeholder>광고</div><div fallback>Advertisement</div></amp-ad>{PARAS[2]}</div>")
    art = extract_article(_page(body).replace(b"<html>", b"<html amp>"), "https://www.example.com/amp/1")
    assert art.paragraphs == PARAS[:3]


def test_caption_lines_split_by_br_or_blocks_are_spaced():
    body = ("<div class='article-body'><figure><img src='/p/1.jpg'><figcaption><p>시험하는 연구진</p><p>[KIST 제공]</p>"
            f"</figcaption></figure><span class='end_photo_org'><img src='/p/2.jpg'><em class='img_desc'>회의 주재<br>"
            f"(서울=연합뉴스) 차관이 회의를 주재하고 있다.</em></span>{''.join(f'<p>{p}</p>' for p in PARAS[:3])}</div>")
    art = extract_article(_page(body), "https://www.example.com/a")
    assert "시험하는 연구진 [KIST 제공]" in art.captions
    assert "회의 주재 (서울=연합뉴스) 차관이 회의를 주재하고 있다." in art.captions
