"""Ground truth of the demo site, derived from its data: what a correct crawl should archive, and how."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.demo.render import canonical
from crawler.demo.store import ARTICLE_PATH, FAILURE_KINDS, SiteData, Story


@dataclass
class GroundTruth:
    """Expected outcome of crawling the demo site. Paths include the query string exactly as linked."""

    unique_articles: list[str]  # every distinct story, once, under its original path
    duplicates: dict[str, str]  # duplicate path -> original path
    disallowed: list[str]  # robots-disallowed article paths (linked from listings)
    failures: dict[str, str]  # path -> "404" | "500" | "truncated" | "empty"
    euc_kr: list[str]  # article paths served as EUC-KR (cp949 bytes)
    seed_path: str
    sections: dict[str, str]  # key -> Korean name
    no_charset_header: list[str] = field(default_factory=list)  # EUC-KR pages declaring charset only in <meta>
    amp: dict[str, str] = field(default_factory=dict)  # AMP path -> desktop path
    tracking: dict[str, str] = field(default_factory=dict)  # tracking-param path -> clean path
    _articles: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def article(self, path: str) -> dict[str, Any]:
        """Expected fields (title, subtitle, paragraphs, captions, authors, published, …) of the story at path."""
        if path in self._articles:
            return self._articles[path]
        if path in self.duplicates and self.duplicates[path] in self._articles:
            return self._articles[self.duplicates[path]]
        raise KeyError(f"no article at {path!r} in the demo ground truth")

    @property
    def all_article_paths(self) -> list[str]:
        """Every article-like path the site links to (unique, duplicates, drafts, failures)."""
        return sorted({*self.unique_articles, *self.duplicates, *self.disallowed, *self.failures})


def _expected(data: SiteData, story: Story) -> dict[str, Any]:
    """The expected extraction of one served story."""
    return {
        "path": story.path,
        "idxno": story.idxno,
        "canonical_path": ARTICLE_PATH.format(story.canonical_idxno),
        "canonical_url": canonical(story, ""),  # relative: prefix with the running server's base_url
        "section": data.sections[story.section],
        "section_key": story.section,
        "layout": story.layout,
        "encoding": story.encoding,
        "title": story.title,
        "subtitle": story.subtitle,
        "paragraphs": list(story.paragraphs),
        "body": "\n\n".join(story.paragraphs),
        "captions": [im["caption"] for im in story.images],
        "authors": [story.author],
        "emails": [story.email],
        "published": story.published.isoformat(),
        "modified": story.modified.isoformat() if story.modified else None,
        "tags": list(story.tags),
        "publisher": data.name,
        "language": "ko",
    }


def _seed_expected(data: SiteData) -> dict[str, Any]:
    """The seed article's expected fields, from the shared fixture's expected.json."""
    exp = data.seed_expected
    return {
        "path": data.seed_path,
        "idxno": None,
        "canonical_path": data.seed_path,
        "canonical_url": exp["url"],  # the seed page is a verbatim copy whose canonical points at its origin
        "section": exp["section"],
        "section_key": data.seed_section,
        "layout": "seed",
        "encoding": "utf-8",
        "title": exp["title"],
        "subtitle": exp.get("subtitle"),
        "paragraphs": list(exp["body_paragraphs"]),
        "body": "\n\n".join(exp["body_paragraphs"]),
        "captions": list(exp.get("captions", [])),
        "authors": list(exp.get("authors", [])),
        "emails": [],
        "published": exp["published"],
        "modified": None,
        "tags": list(exp.get("tags", [])),
        "publisher": exp.get("publisher"),
        "language": "ko",
        "must_not_contain": list(exp.get("must_not_contain", [])),
    }


def build(data: SiteData) -> GroundTruth:
    """Compute the ground truth from a site's (possibly edited) data."""
    stories = sorted(data.stories.values(), key=lambda s: s.idxno)
    articles = {s.path: _expected(data, s) for s in stories if s.kind in ("article", "copy", "draft")}
    articles[data.seed_path] = _seed_expected(data)
    duplicates = {s.path: ARTICLE_PATH.format(s.original) for s in stories if s.kind == "copy"}
    tracking = {data.tracking_path: ARTICLE_PATH.format(data.tracking_of)}
    amp = {data.amp_path: ARTICLE_PATH.format(data.amp_of)}
    duplicates.update(tracking)
    duplicates.update(amp)
    return GroundTruth(
        unique_articles=[s.path for s in stories if s.kind == "article"] + [data.seed_path],
        duplicates=duplicates,
        disallowed=[s.path for s in stories if s.kind == "draft"],
        failures={s.path: s.kind for s in stories if s.kind in FAILURE_KINDS},
        euc_kr=[s.path for s in stories if s.encoding == "cp949" and s.kind in ("article", "copy")],
        seed_path=data.seed_path,
        sections=dict(data.sections),
        no_charset_header=[s.path for s in stories if not s.charset_header],
        amp=amp,
        tracking=tracking,
        _articles=articles,
    )


def ground_truth() -> GroundTruth:
    """Ground truth of the demo site as shipped (no edits)."""
    return build(SiteData())
