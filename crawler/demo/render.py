"""HTML rendering of demo pages: three article layouts (ndsoft, <br>-body, EUC-KR table), AMP, listings, home."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from functools import cache
from html import escape
from importlib import resources
from string import Template

from crawler.demo import clutter
from crawler.demo.store import ARTICLE_PATH, SiteData, Story


@cache
def template(name: str) -> Template:
    """A page template from crawler/demo/templates."""
    text = resources.files("crawler.demo").joinpath("templates", name).read_text(encoding="utf-8")
    return Template(text)


def disp(dt: datetime) -> str:
    """Korean CMS display format, e.g. 2026.03.19 10:42."""
    return dt.strftime("%Y.%m.%d %H:%M")


def photo_path(story: Story, k: int) -> str:
    """URL path of the k-th (1-based) photo of a story; copies reuse the original's photos."""
    return f"/news/photo/202603/{story.canonical_idxno}_{k}.jpg"


def canonical(story: Story, base: str) -> str:
    """Absolute desktop URL of the story's original (copies point at the story they republish)."""
    return base + ARTICLE_PATH.format(story.canonical_idxno)


def _figure(story: Story, k: int) -> str:
    """An ndsoft-style <figure> with the caption both as img alt and as <figcaption>."""
    cap = escape(story.images[k - 1]["caption"])
    return (f'<figure class="photo-layout image photo-c"><img src="{photo_path(story, k)}" alt="{cap}">'
            f"<figcaption>{cap}</figcaption></figure>")


def _photo_table(story: Story, k: int, cls: str = "photo_table") -> str:
    """An older table-wrapped photo with a caption cell."""
    cap = escape(story.images[k - 1]["caption"])
    return (f'<div class="img_wrap" style="text-align:center"><table class="{cls}"><tr><td>'
            f'<img src="{photo_path(story, k)}" alt="{cap}" width="640" /></td></tr>'
            f'<tr><td class="photo_caption">{cap}</td></tr></table></div>')


def _with_photos(story: Story, paras: list[str], photo: Callable[[Story, int], str]) -> list[str]:
    """Interleave photos with rendered paragraphs: first photo before the text, second after paragraph 3."""
    if not story.paragraphs:
        return paras
    out = list(paras)
    if len(story.images) > 1:
        out.insert(min(3, len(out)), photo(story, 2))
    if story.images:
        out.insert(0, photo(story, 1))
    return out


def ndsoft_body(story: Story) -> str:
    """<p> paragraphs with <figure> photos and the 'name 기자 email' byline as the last paragraph."""
    paras = [f"<p>{escape(p)}</p>" for p in story.paragraphs]
    parts = _with_photos(story, paras, _figure)
    if story.paragraphs:
        parts.append(f"<p>{escape(story.author)} 기자 {escape(story.email)}</p>")
    return "\n".join(parts)


def brbody_body(story: Story, site_name: str) -> str:
    """A <br><br>-separated body opening with the '[데모뉴스 | name 기자]' byline prefix."""
    if not story.paragraphs:
        return ""
    paras = [escape(p) for p in story.paragraphs]
    paras[0] = f"[{escape(site_name)} | {escape(story.author)} 기자] {paras[0]}"
    parts = _with_photos(story, paras, _photo_table)
    if story.subtitle:
        parts.insert(0, f'<h3 class="sub_title">{escape(story.subtitle)}</h3>')
    text = "<br /><br />\n".join(parts)
    return f'{text}<br /><br />\n<a href="mailto:{escape(story.email)}">{escape(story.email)}</a><br /><br />'


def table_body(story: Story, site_name: str) -> str:
    """Old table-layout body: '(city=데모뉴스) name 기자 =' dateline byline, email line at the end."""
    if not story.paragraphs:
        return ""
    paras = [f"<p>{escape(p)}</p>" for p in story.paragraphs]
    city = escape(story.dateline or "서울")
    paras[0] = f"<p>({city}={escape(site_name)}) {escape(story.author)} 기자 = {escape(story.paragraphs[0])}</p>"
    parts = _with_photos(story, paras, lambda s, k: _photo_table(s, k, "photo"))
    parts.append(f"<p>{escape(story.email)}</p>")
    return "\n".join(parts)


def _jsonld(data: SiteData, story: Story, base: str) -> str:
    """NewsArticle JSON-LD, safe to inline in <script>."""
    doc = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical(story, base)},
        "headline": story.title,
        "description": story.summary,
        "image": [base + photo_path(story, k) for k in range(1, len(story.images) + 1)],
        "datePublished": story.published.isoformat(),
        "dateModified": story.last_modified.isoformat(),
        "author": [{"@type": "Person", "name": story.author, "email": story.email}],
        "publisher": {"@type": "Organization", "name": data.name,
                      "logo": {"@type": "ImageObject", "url": base + "/image/logo.png"}},
        "articleSection": data.sections[story.section],
        "keywords": story.tags,
        "inLanguage": "ko",
    }
    return json.dumps(doc, ensure_ascii=False).replace("</", "<\\/")


def _common(data: SiteData, story: Story, base: str) -> dict[str, str]:
    """Template values every article layout uses."""
    mod = story.modified
    return {
        "site_name": escape(data.name),
        "title": escape(story.title),
        "description": escape(story.summary),
        "keywords": escape(",".join(story.tags)),
        "author": escape(story.author),
        "email": escape(story.email),
        "canonical": escape(canonical(story, base)),
        "og_image": base + photo_path(story, 1) if story.images else base + "/image/og_default.png",
        "section_key": story.section,
        "section_name": escape(data.sections[story.section]),
        "published_iso": story.published.isoformat(),
        "published_disp": disp(story.published),
        "modified_meta": f'<meta property="article:modified_time" content="{mod.isoformat()}">' if mod else "",
        "modified_li": f'<li><i class="icon-clock-o"></i> 수정 {disp(mod)}</li>' if mod else "",
        "modified_span": f" | 수정 {disp(mod)}" if mod else "",
        "header": clutter.header(data, story.section),
        "footer": clutter.footer(data),
        "share": clutter.share(),
        "promo": clutter.promo(data),
        "comments": clutter.comments(),
        "tags": clutter.tags_box(story),
        "popular": clutter.popular_box(data, story),
        "most_viewed": clutter.most_viewed_box(data, story),
        "ad_top": clutter.ad("ad-article-top"),
        "ad_side": clutter.ad("ad-300x250"),
    }


def render_article(data: SiteData, story: Story, base: str) -> str:
    """The desktop article page in the story's layout."""
    values = _common(data, story, base)
    if story.layout == "ndsoft":
        values["subtitle_html"] = (f'<h4 class="subheading">{escape(story.subtitle)}</h4>' if story.subtitle else "")
        amp = base + ARTICLE_PATH.format(story.idxno) + "&amp;outputType=amp"
        # only the one AMP story advertises its variant, so ground truth lists every reachable AMP URL
        values["amphtml"] = f'<link rel="amphtml" href="{amp}">' if story.idxno == data.amp_of else ""
        values["jsonld"] = _jsonld(data, story, base)
        values["body"] = ndsoft_body(story)
        return template("ndsoft.html").substitute(values)
    if story.layout == "brbody":
        values["body"] = brbody_body(story, data.name)
        return template("brbody.html").substitute(values)
    values["subtitle_html"] = (f'<tr><td class="view_sub">{escape(story.subtitle)}</td></tr>' if story.subtitle else "")
    values["body"] = table_body(story, data.name)
    return template("table.html").substitute(values)


def render_amp(data: SiteData, story: Story, base: str) -> str:
    """The AMP variant of an article: minimal markup, canonical to the desktop URL."""
    values = _common(data, story, base)
    values["subtitle_html"] = f'<h2 class="amp-sub">{escape(story.subtitle)}</h2>' if story.subtitle else ""
    values["jsonld"] = _jsonld(data, story, base)
    parts = [f"<p>{escape(p)}</p>" for p in story.paragraphs]

    def amp_img(s: Story, k: int) -> str:
        """An <amp-img> figure with its caption as alt and <figcaption>."""
        cap = escape(s.images[k - 1]["caption"])
        return (f'<figure><amp-img src="{photo_path(s, k)}" alt="{cap}" width="640" height="427" layout="responsive">'
                f"</amp-img><figcaption>{cap}</figcaption></figure>")

    values["body"] = "\n".join(_with_photos(story, parts, amp_img))
    return template("amp.html").substitute(values)


def _listing_extra(data: SiteData) -> list[tuple[str, str]]:
    """Sidebar links that are duplicates in disguise: a tracking-param URL and an AMP URL."""
    track = data.get(data.tracking_of)
    amp = data.get(data.amp_of)
    return [(data.tracking_path, track.title if track else ""), (data.amp_path, amp.title if amp else "")]


def render_listing(data: SiteData, section: str, page: int, base: str) -> str | None:
    """A section listing page (newest first, page_size per page), or None past the last page."""
    entries = data.entries(section)
    size = data.page_size
    last = max(1, -(-len(entries) // size))
    if page < 1 or page > last:
        return None
    items = []
    for e in entries[(page - 1) * size: page * size]:
        items.append(
            f'     <li><h4 class="titles"><a href="{e.path}">{escape(e.title)}</a></h4>'
            f'<p class="lead"><a href="{e.path}">{escape(e.summary)}</a></p>'
            f'<span class="byline"><em>{escape(data.sections[e.section])}</em><em>{escape(e.author)} 기자</em>'
            f"<em>{disp(e.published)}</em></span></li>"
        )
    pages = []
    if page > 1:
        pages.append(f'<li><a class="prev" href="/section/{section}?page={page - 1}">이전</a></li>')
    for n in range(1, last + 1):
        pages.append(f'<li class="current"><a>{n}</a></li>' if n == page
                     else f'<li><a href="/section/{section}?page={n}">{n}</a></li>')
    if page < last:
        pages.append(f'<li><a class="next" href="/section/{section}?page={page + 1}">다음</a></li>')
    path = f"/section/{section}" + (f"?page={page}" if page > 1 else "")
    return template("listing.html").substitute(
        charset="euc-kr" if section == "local" else "utf-8",
        site_name=escape(data.name),
        section_name=escape(data.sections[section]),
        canonical=escape(base + path),
        total=len(entries),
        items="\n".join(items),
        pages="".join(pages),
        header=clutter.header(data, section),
        footer=clutter.footer(data),
        most_viewed=clutter.most_viewed_box(data, None, _listing_extra(data)),
        ad_side=clutter.ad("ad-300x250"),
    )


def render_home(data: SiteData, base: str) -> str:
    """The front page: top headlines and a block per section."""
    top = "\n".join(f'    <li><a href="{s.path}">{escape(s.title)}</a></li>'
                    for s in sorted(data.originals(), key=lambda s: s.published, reverse=True)[:10])
    blocks = []
    for key, name in data.sections.items():
        latest = data.entries(key, drafts=False)[:4]
        heads = "".join(f'<li><a href="{e.path}">{escape(e.title)}</a></li>' for e in latest)
        blocks.append(f'   <div class="section-block"><h3><a href="/section/{key}">{escape(name)}</a></h3>'
                      f'<ul>{heads}</ul><a class="more" href="/section/{key}">더보기</a></div>')
    return template("home.html").substitute(
        site_name=escape(data.name), tagline=escape(data.config["tagline"]), canonical=escape(base + "/"),
        top=top, blocks="\n".join(blocks), header=clutter.header(data), footer=clutter.footer(data),
        most_viewed=clutter.most_viewed_box(data, None, _listing_extra(data)[:1]), ad_side=clutter.ad("ad-300x250"),
    )


def render_error(data: SiteData, status: int) -> str:
    """A branded error page."""
    reason, message = {404: ("Not Found", "요청하신 페이지를 찾을 수 없습니다."),
                       500: ("Internal Server Error", "일시적인 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.")}[status]
    return template("error.html").substitute(
        status=status, reason=reason, message=message, site_name=escape(data.name),
        header=clutter.header(data), footer=clutter.footer(data),
    )
