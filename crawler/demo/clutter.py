"""Page furniture shared by every demo page: navigation, ticker, ads, share buttons, boxes, footer.

Real Korean news pages surround the article with this clutter; extractors must learn to ignore it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from html import escape

from crawler.demo.store import SiteData, Story

BREAKING = ("[속보] 수도권 전역 미세먼지 비상저감조치 발령…공공기관 차량 2부제", "/section/society")


def header(data: SiteData, active: str | None = None) -> str:
    """Top bar (로그인/회원가입), logo, section navigation, search box and breaking-news ticker."""
    on = ' class="on"'
    nav = "".join(
        f'<li{on if key == active else ""}><a href="/section/{key}">{escape(name)}</a></li>'
        for key, name in data.sections.items()
    )
    return (
        '<header id="user-header">\n'
        ' <div class="top-util"><a href="/member/login.html">로그인</a> | <a href="/member/join.html">회원가입</a>'
        ' | <a href="/member/mypage.html">마이페이지</a> | <a href="/rss/allArticle.xml">RSS</a></div>\n'
        f' <h1 class="logo"><a href="/"><img src="/image/logo.png" alt="{escape(data.name)}"></a></h1>\n'
        f' <nav id="gnb"><ul><li><a href="/">홈</a></li>{nav}<li><a href="/photo/">포토</a></li></ul></nav>\n'
        ' <form class="search" action="/search"><input type="text" name="sc_word" placeholder="검색어를 입력하세요">'
        '<button type="submit">검색</button></form>\n'
        f' <div class="breaking-news"><strong>속보</strong> <a href="{BREAKING[1]}">{escape(BREAKING[0])}</a></div>\n'
        '</header>'
    )


def footer(data: SiteData) -> str:
    """Company links, address block and the copyright line."""
    name = escape(data.name)
    return (
        '<footer id="user-footer">\n'
        ' <ul class="foot-menu"><li><a href="/com/company.html">회사소개</a></li><li><a href="/com/ad.html">광고문의</a>'
        '</li><li><a href="/member/privacy.html">개인정보처리방침</a></li><li><a href="/com/youth.html">청소년보호정책'
        '</a></li><li><a href="/com/email.html">이메일무단수집거부</a></li></ul>\n'
        f' <address>(주){name} | 서울특별시 중구 세종대로 000 | 대표전화 02-000-0000 | 등록번호 서울 아00000'
        ' | 발행·편집인 홍길동 | 청소년보호책임자 홍길동</address>\n'
        f' <p class="copy">Copyright © {name}. All rights reserved. 무단 전재 및 재배포 금지</p>\n'
        '</footer>'
    )


def ad(slot: str) -> str:
    """An ad slot placeholder."""
    return (f'<div class="ad-template {slot}"><script>/* ad slot {slot} */</script>'
            '<span class="ad-label">광고</span></div>')


def share() -> str:
    """Share and font-size buttons."""
    return (
        '<div class="share-btns"><a href="#" class="fb">페이스북</a><a href="#" class="tw">트위터</a>'
        '<a href="#" class="kakao">카카오톡</a><a href="#" class="url">URL복사</a><a href="#" class="print">인쇄</a>'
        '<a href="#" class="font-up">가+</a><a href="#" class="font-down">가-</a></div>'
    )


def comments() -> str:
    """An empty comment box."""
    return (
        '<div class="comment-box"><h4>댓글 <em>0</em></h4><p>댓글 정렬: 최신순 | 추천순</p>'
        '<textarea placeholder="로그인 후 댓글을 작성할 수 있습니다."></textarea><button>등록</button></div>'
    )


def promo(data: SiteData) -> str:
    """The tip-line promo that follows articles."""
    name = escape(data.name)
    return (
        f'<div class="article-promo"><p>&lt;{name}&gt;는 24시간 여러분의 제보를 기다립니다.</p>'
        "<p>▶카카오톡: '데모뉴스제보' 검색</p><p>▶이메일: jebo@demo.co.kr</p><p>▶전화: 02-000-0000</p></div>"
    )


def tags_box(story: Story) -> str:
    """Keyword tags under the article."""
    if not story.tags:
        return ""
    spans = " ".join(f'<a href="/search?sc_word={escape(t)}">#{escape(t)}</a>' for t in story.tags)
    return f'<div class="tag-group"><span class="label">관련기사 키워드</span> {spans}</div>'


def _others(data: SiteData, exclude: set[int], offset: int, count: int = 5) -> list[Story]:
    """A deterministic pick of other original stories for the 인기기사 / 많이 본 뉴스 boxes."""
    pool = [s for s in data.originals() if s.idxno not in exclude]
    # seeded Random: a spread of sections that is identical on every run (pages must be deterministic)
    return random.Random(offset).sample(pool, min(count, len(pool)))


def popular_box(data: SiteData, story: Story | None = None) -> str:
    """The [인기기사] box: headlines of other articles."""
    exclude = {story.idxno, story.canonical_idxno} if story else set()
    picks = _others(data, exclude, (story.idxno * 7) if story else 3)
    items = "".join(f'<li><a href="{s.path}">{escape(s.title)}</a></li>' for s in picks)
    return f'<div class="popular-news"><strong>[인기기사]</strong><ul>{items}</ul></div>'


def most_viewed_box(data: SiteData, story: Story | None = None, extra: Sequence[tuple[str, str]] = ()) -> str:
    """The 많이 본 뉴스 ranking box (headlines of other articles, plus optional extra links)."""
    exclude = {story.idxno, story.canonical_idxno} if story else set()
    picks = [(s.path, s.title) for s in _others(data, exclude, (story.idxno * 13 + 5) if story else 11)]
    rows = list(extra) + picks
    items = "".join(f'<li><em>{i}</em><a href="{escape(p)}">{escape(t)}</a></li>' for i, (p, t) in enumerate(rows, 1))
    return f'<div class="auto-article most-viewed"><h4>많이 본 뉴스</h4><ol>{items}</ol></div>'
