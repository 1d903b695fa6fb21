"""Re-extraction: run the (improved) extractor over archived raw pages and update the articles.

Changed articles become new versions (the archive keeps the previous text); pages that were dropped at
crawl time (no body found then) are recovered when the extractor now finds one.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from crawler.extract import ExtractionError, extract_article
from crawler.sites import SiteConfig
from pipelines.clean import clean_body, clean_text
from storage import body_hash
from storage.near_duplicates import NearDuplicateIndex


@dataclass
class ReextractReport:
    """Counts of one re-extraction pass."""

    pages: int = 0
    updated: int = 0
    unchanged: int = 0
    recovered: int = 0
    failed: int = 0


def reextract(archive, *, sites: dict[str, SiteConfig], site: str | None = None, since: str | None = None,
              progress: bool = False) -> ReextractReport:
    """Re-extract the latest raw page of every archived article (and dropped pages) matching the filters."""
    from rich.progress import track

    where, params = ["1=1"], {}
    if since:
        where.append("r.fetched_at >= :since")
        params["since"] = since
    if site:
        where.append("coalesce(a.site, :site) = :site")
        params["site"] = site
    # latest raw page per URL: what re-extraction should read
    rows = list(archive.db.query(
        f"""select r.id, r.url, r.article_id, r.encoding, r.html, a.site from raw_pages r
            left join articles a on a.id = r.article_id
            where r.id in (select max(id) from raw_pages group by url) and {' and '.join(where)}""",
        params,
    ))
    report = ReextractReport()
    index = NearDuplicateIndex(archive.db)
    iterator = track(rows, description="re-extracting", transient=True) if progress else rows
    for row in iterator:
        report.pages += 1
        key = row["site"] or next((k for k, s in sites.items() if s.is_article_url(row["url"])), None)
        rules = sites[key].extract if key in sites else None
        try:
            html = zlib.decompress(row["html"])
            article = extract_article(html, row["url"], rules, encoding=row["encoding"])
        except (ExtractionError, zlib.error):
            report.failed += 1
            continue
        body = clean_body(article.body)
        if not body or not article.title:
            report.failed += 1
            continue
        record = {k: v for k, v in article.to_dict().items() if k not in ("canonical_url", "url")}
        record.update(title=clean_text(article.title), body=body, body_hash=body_hash(body), site=key)
        if row["article_id"]:
            current = archive.get_article(row["article_id"])
            record["url"] = current["url"]
        else:
            record["url"] = row["url"]
        result = archive.save_article(record)
        if result.status != "unchanged":
            index.add(result.id, body)  # near-duplicate matching reads the current body
        if not row["article_id"]:
            with archive.writing():  # the dropped page now backs a stored article
                archive.db.execute("UPDATE raw_pages SET article_id = ?, note = NULL WHERE id = ?", [result.id, row["id"]])
            report.recovered += 1
        elif result.status == "updated":
            report.updated += 1
        else:
            report.unchanged += 1
    return report
