"""Crawl throughput benchmark: download-only vs full pipeline on a generated Korean news site (issue 13).

    .venv/bin/python bench/crawl_bench.py [--pages 5000] [--keep DIR] [--full-only]
    .venv/bin/python bench/crawl_bench.py --sites 100 --pages 50 --delay 1 [--per-process 20]
    .venv/bin/python bench/crawl_bench.py --pages 2000 --db BIG.db   # crawl into a copy of an existing archive

Single-site mode generates `--pages` articles (40-100 KB, heavy furniture, sitemap index), serves them with nginx
when it is installed (else Python's threaded http.server, much slower: the download-only figure is then the
server's ceiling, not Scrapy's), and prints download-only pages/s (a bare Scrapy spider, same settings, parse does
nothing), full-pipeline pages/s (`newsarchive crawl`), their ratio, CPU ms/page by stage and the RSS curve.
Multi-site mode serves `--sites` sites on 127.0.0.2, 127.0.0.3, ... with politeness on and reports wall time vs
the ideal (pages per site x delay), total RSS, CPU ms/page and processes used: by default one `newsarchive crawl
SITE...` of every site; with `--per-process N` the scheduler daemon (`schedule start`, every site due at once,
`max_sites_per_process = N`, enough `max_parallel` for all groups), as a scheduled hour would run. Everything
stays on loopback.

`--db PATH` (single-site mode) crawls into a copy of an existing archive instead of an empty one, and measures the
archive write stage on that copy too: per-article cost against archive size. A crawl keeps its near-duplicate
index in step with the archive, so an archive without one (built by `search_bench.py`) gets it built first, in
PATH itself (bulk rebuild, timed), and the copy starts in the state a crawled archive is in.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SYLLABLES = "가나다라마바사아자차카타파하경제정치사회문화국제지역기업시장정부대통령국회발표관계자설명증가감소투자개발"
SECTIONS = ["economy", "politics", "society", "it", "culture", "world"]
SITEMAP_CHUNK = 1000


# ---------------------------------------------------------------- site generation
def _words(rng: random.Random, n: int) -> str:
    """n pseudo-Korean words with particles (not language: only the byte/character mix matters here)."""
    parts = []
    for _ in range(n):
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        parts.append(w + rng.choice(["", "", "은", "는", "이", "가", "을", "를", "에서", "의"]))
    return " ".join(parts)


def _furniture(rng: random.Random, base: str, target: int) -> str:
    """Navigation, popular lists, ads, inline scripts and comments until the page reaches `target` bytes."""
    out = ['<header id="header"><nav class="gnb"><ul>']
    out += [f'<li><a href="{base}/section/{s}?page={i}">{_words(rng, 1)}</a></li>' for s in SECTIONS for i in range(8)]
    out.append("</ul></nav></header>")
    size = sum(len(x.encode()) for x in out)
    k = 0
    while size < target:
        k += 1
        kind = k % 4
        if kind == 0:
            block = ('<aside class="popular"><h3>많이 본 뉴스</h3><ol>'
                     + "".join(f'<li><a href="{base}/news/{rng.randint(1, 10**6)}.html">{_words(rng, 6)}</a></li>'
                               for _ in range(12)) + "</ol></aside>")
        elif kind == 1:
            block = (f'<div class="ad ad-{k}" data-slot="{rng.randint(1, 999)}"><script>var ad{k}={{slot:"'
                     + "x" * rng.randint(800, 2500) + '"};</script><ins class="adsbygoogle"></ins></div>')
        elif kind == 2:
            block = ('<div class="comments"><ul>' + "".join(
                f'<li class="comment"><span class="nick">{_words(rng, 1)}</span><p>{_words(rng, 12)}</p></li>'
                for _ in range(6)) + "</ul></div>")
        else:
            block = '<footer class="links">' + "".join(
                f'<a class="f{i}" href="{base}/info/{i}">{_words(rng, 2)}</a> ' for i in range(20)) + "</footer>"
        out.append(block)
        size += len(block.encode())
    return "\n".join(out)


def _article(rng: random.Random, base: str, idx: int, when: datetime) -> str:
    """One article page: JSON-LD, OpenGraph, an ndsoft-style body container, 40-100 KB in all."""
    title = _words(rng, 7)
    author = "".join(rng.choice("김이박최정강조윤장임") + rng.choice(SYLLABLES) + rng.choice(SYLLABLES))
    paras = [_words(rng, rng.randint(25, 60)) + "." for _ in range(rng.randint(6, 14))]
    body = "".join(f"<p>{p}</p>\n" for p in paras)
    published = when.isoformat()
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": published, "author": {"@type": "Person", "name": author}}, ensure_ascii=False)
    target = rng.randint(40_000, 100_000) - len(body.encode()) - 2000
    return f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{title} - 벤치뉴스</title>
<meta property="og:title" content="{title}"><meta property="og:type" content="article">
<meta property="article:published_time" content="{published}">
<link rel="canonical" href="{base}/news/{idx}.html"><script type="application/ld+json">{ld}</script></head>
<body><div id="wrap">{_furniture(rng, base, target // 2)}
<article id="article-view"><h1 class="heading">{title}</h1>
<div class="info-text"><ul><li>{author} 기자</li><li>승인 {when:%Y.%m.%d %H:%M}</li></ul></div>
<div id="article-view-content-div" itemprop="articleBody">{body}<p class="byline">{author} 기자 bench@example.com</p></div>
</article>{_furniture(rng, base, target // 2)}</div></body></html>"""



def generated_pages(n: int, seed: int = 7, lo: int = 60_000, hi: int = 80_000) -> list[tuple[str, bytes, str]]:
    """`n` generated article pages of `lo`-`hi` bytes ("70 KB" pages for the extraction benches): (name, bytes, url)."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 1, tzinfo=timezone(timedelta(hours=9)))
    out: list[tuple[str, bytes, str]] = []
    i = 0
    while len(out) < n:
        i += 1
        html = _article(rng, "http://127.0.0.1:8000", i, start + timedelta(minutes=7 * i)).encode()
        if lo <= len(html) <= hi:
            out.append((f"gen{i}", html, f"http://127.0.0.1:8000/news/{i}.html"))
    return out

def generate(root: Path, base: str, pages: int, seed: int = 1) -> None:
    """Write `pages` articles, a sitemap index of SITEMAP_CHUNK-URL sitemaps and robots.txt under `root`."""
    rng = random.Random(seed)
    (root / "news").mkdir(parents=True, exist_ok=True)
    (root / "sitemaps").mkdir(exist_ok=True)
    start = datetime(2026, 11, 1, tzinfo=timezone(timedelta(hours=9)))
    urls = []
    for i in range(1, pages + 1):
        when = start + timedelta(minutes=7 * i)
        (root / "news" / f"{i}.html").write_text(_article(rng, base, i, when), encoding="utf-8")
        urls.append((f"{base}/news/{i}.html", when.isoformat()))
    chunks = [urls[i:i + SITEMAP_CHUNK] for i in range(0, len(urls), SITEMAP_CHUNK)]
    for k, chunk in enumerate(chunks):
        items = "".join(f"<url><loc>{u}</loc><lastmod>{m}</lastmod></url>" for u, m in chunk)
        (root / "sitemaps" / f"sm-{k}.xml").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>')
    idx = "".join(f"<sitemap><loc>{base}/sitemaps/sm-{k}.xml</loc></sitemap>" for k in range(len(chunks)))
    (root / "sitemap.xml").write_text(
        f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{idx}</sitemapindex>')
    (root / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n")
    (root / "index.html").write_text("<html><body>bench</body></html>")


def site_toml(key: str, base: str, host: str, delay: float, concurrency: int, scheduled: bool = False) -> str:
    """The site file `newsarchive crawl` reads for one generated site."""
    return f"""[site]
key = "{key}"
name = "벤치뉴스 {key}"
publisher = "벤치뉴스"
language = "ko"
timezone = "Asia/Seoul"
base_url = "{base}"
allowed_domains = ["{host}"]
article_url_pattern = '/news/\\d+\\.html'

[discovery]
sitemaps = ["/sitemap.xml"]

[politeness]
download_delay = {delay}
concurrency = {concurrency}
autothrottle = false

[schedule]
enabled = {"true" if scheduled else "false"}
interval_minutes = 60
"""


# ---------------------------------------------------------------- serving
class Server:
    """nginx when installed (fast, not the bottleneck), else a threaded Python http.server per host."""

    def __init__(self, sites: list[tuple[str, int, Path]], workdir: Path):
        self.sites, self.workdir, self.procs = sites, workdir, []
        self.kind = "nginx" if shutil.which("nginx") else "python http.server (fallback)"

    def __enter__(self) -> "Server":
        if self.kind == "nginx":
            servers = "".join(f"server {{ listen {h}:{p}; root {r}; access_log off; }}\n" for h, p, r in self.sites)
            conf = self.workdir / "nginx.conf"
            conf.write_text(f"""daemon off; worker_processes 1; pid {self.workdir}/nginx.pid;
error_log {self.workdir}/nginx-error.log; events {{ worker_connections 4096; }}
http {{ include /etc/nginx/mime.types; sendfile on; keepalive_requests 100000;
client_body_temp_path {self.workdir}/tmp; proxy_temp_path {self.workdir}/tmp; fastcgi_temp_path {self.workdir}/tmp;
uwsgi_temp_path {self.workdir}/tmp; scgi_temp_path {self.workdir}/tmp;
{servers}}}
""")
            (self.workdir / "tmp").mkdir(exist_ok=True)
            self.procs.append(subprocess.Popen(["nginx", "-c", str(conf), "-p", str(self.workdir)]))
        else:
            code = ("import sys,threading,functools,http.server as h\n"
                    "class Q(h.SimpleHTTPRequestHandler):\n def log_message(self,*a): pass\n"
                    "for spec in sys.argv[1:]:\n host,port,root=spec.split('|')\n"
                    " s=h.ThreadingHTTPServer((host,int(port)),functools.partial(Q,directory=root))\n"
                    " threading.Thread(target=s.serve_forever,daemon=True).start()\n"
                    "threading.Event().wait()\n")
            self.procs.append(subprocess.Popen([PY, "-c", code, *(f"{h}|{p}|{r}" for h, p, r in self.sites)]))
        time.sleep(1.0)
        return self

    def __exit__(self, *exc: object) -> None:
        for p in self.procs:
            p.terminate()
            p.wait(10)


# ---------------------------------------------------------------- measuring child processes
def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (from /proc)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
            for t in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (t / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def _count_tree(pid: int) -> int:
    """Number of processes in a tree right now."""
    n, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for t in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (t / "children").read_text().split()]
            n += 1
        except FileNotFoundError:
            continue
    return n


def _main_thread_cpu(pid: int) -> float | None:
    """CPU seconds of a process's main thread (the crawl's reactor thread), from /proc; None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/task/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _thread_cpu(pid: int, into: dict[int, tuple[str, float]]) -> float | None:
    """CPU seconds of each thread of a process now, by thread id (with its OS name: `crawler.os_threads`), into
    `into` (threads that ended keep their last figure); returns the whole process's CPU (its own threads only,
    ended ones included), None once it is gone."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                comm = (task / "comm").read_text().strip()
                f = (task / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            into[int(task.name)] = (comm, (int(f[11]) + int(f[12])) / tick)
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / tick


def cpu_split(run: dict, pid_main: bool = True) -> dict[str, float]:
    """CPU seconds of a crawl by where they ran: its reactor (main) thread, the archive writer thread, the
    extraction pool's dispatcher threads, its other threads, and its child processes (the extraction workers)."""
    threads, own = run["thread_ids"], run["own_cpu"]
    split = {"reactor": run["main_cpu"], "writer": 0.0, "dispatch": 0.0}
    for tid, (comm, cpu) in threads.items():
        if tid == run["pid"]:
            continue
        if comm.startswith("archive-writer"):
            split["writer"] += cpu
        elif comm.startswith("workpool"):
            split["dispatch"] += cpu
    split["other threads"] = max(0.0, own - sum(split.values()))
    split["workers"] = max(0.0, run["cpu"] - own)
    return split


def run_measured(cmd: list[str], env: dict[str, str] | None = None, report_every: float = 0) -> dict:
    """Run a command; return wall seconds, CPU seconds (it and its children), stdout and the RSS curve.

    `report_every` > 0 also prints an RSS sample that often while it runs (long crawls: a partial curve survives).
    `main_cpu` is the CPU of its main thread (the reactor thread of a crawl) at the last sample (every 0.2 s).
    """
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    curve: list[tuple[float, int]] = []
    peak_procs = [1]
    main_cpu = [0.0]
    threads: dict[int, tuple[str, float]] = {}  # last reading of every thread seen (ended ones kept)
    own_cpu = [0.0]

    def sample() -> None:
        last = 0.0
        tick = 0
        while proc.poll() is None:
            now = time.monotonic() - t0
            main_cpu[0] = _main_thread_cpu(proc.pid) or main_cpu[0]
            own_cpu[0] = _thread_cpu(proc.pid, threads) or own_cpu[0]
            tick += 1
            if tick % 3:  # the reactor thread's CPU often (it is read once more at exit), the tree less often
                time.sleep(0.2)
                continue
            curve.append((now, _tree_rss(proc.pid)))
            peak_procs[0] = max(peak_procs[0], _count_tree(proc.pid))
            if report_every and now - last >= report_every:
                last = now
                print(f"  {now:.0f} s: RSS {curve[-1][1] / 2**20:.0f} MiB (load {loadavg()})", flush=True)
            time.sleep(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out = proc.stdout.read() if proc.stdout else b""
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - t0
    th.join(2)
    if proc.returncode not in (0, 1):
        sys.exit(f"{cmd[:4]} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "out": out.decode(errors="replace"),
            "curve": curve, "peak_rss": max((r for _, r in curve), default=usage.ru_maxrss * 1024),
            "procs": peak_procs[0], "main_cpu": main_cpu[0], "threads": _by_name(threads, proc.pid),
            "thread_ids": threads, "own_cpu": own_cpu[0], "pid": proc.pid}


def _by_name(threads: dict[int, tuple[str, float]], pid: int) -> dict[str, float]:
    """CPU seconds per thread name (the OS names `crawler.os_threads` gives; unnamed ones are "other threads"),
    threads of one name summed."""
    out: dict[str, float] = {}
    for tid, (comm, cpu) in threads.items():
        name = "reactor (main)" if tid == pid else (comm if comm.startswith(("archive-writer", "workpool"))
                                                     else "other threads")
        out[name] = out.get(name, 0.0) + cpu
    return out


# ---------------------------------------------------------------- download-only spider (run in a child)
def download_only(base: str, concurrency: int) -> None:
    """A bare Scrapy spider with the crawl's settings: reads the sitemaps, fetches every page, keeps nothing."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiders import SitemapSpider

    class Bare(SitemapSpider):
        name = "bare"
        sitemap_urls = [base + "/robots.txt"]

        def parse(self, response):  # noqa: ANN001, ANN201 - download only
            return None

    from crawler import settings as s
    proc = CrawlerProcess({
        "USER_AGENT": s.USER_AGENT, "ROBOTSTXT_OBEY": True, "REMOTE_CONTROL_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False, "CONCURRENT_REQUESTS": s.CONCURRENT_REQUESTS,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
        "COOKIES_ENABLED": False, "LOG_LEVEL": "WARNING", "TWISTED_REACTOR": s.TWISTED_REACTOR,
    })
    crawler = proc.create_crawler(Bare)
    proc.crawl(crawler)
    proc.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({"responses": stats.get("response_received_count", 0)}))


# ---------------------------------------------------------------- stage costs (in this process)
def stage_costs(root: Path, base: str, sample: int, workdir: Path) -> dict[str, float]:
    """CPU ms/page of extraction, raw-page compression (zlib 1/3/6, zstd if installed) and the archive write."""
    from crawler.extract import extract_article
    from storage.archive import Archive, RawPage

    files = sorted((root / "news").glob("*.html"), key=lambda p: int(p.stem))[:sample]
    bodies = [(f"{base}/news/{f.stem}.html", f.read_bytes()) for f in files]
    res: dict[str, float] = {"page_kb": sum(len(b) for _, b in bodies) / len(bodies) / 1024}
    t = time.process_time()
    arts = [extract_article(b, u, encoding="utf-8") for u, b in bodies]
    res["extract"] = (time.process_time() - t) * 1000 / len(bodies)
    for level in (1, 3, 6):
        t = time.process_time()
        size = sum(len(zlib.compress(b, level)) for _, b in bodies)
        res[f"zlib{level}"] = (time.process_time() - t) * 1000 / len(bodies)
        res[f"zlib{level}_ratio"] = size / sum(len(b) for _, b in bodies)
    try:
        import zstandard
        c = zstandard.ZstdCompressor(level=3)
        t = time.process_time()
        size = sum(len(c.compress(b)) for _, b in bodies)
        res["zstd3"] = (time.process_time() - t) * 1000 / len(bodies)
        res["zstd3_ratio"] = size / sum(len(b) for _, b in bodies)
    except ImportError:
        pass
    archive = Archive(workdir / "stage.db")
    records = []
    for (u, _), a in zip(bodies, arts):
        rec = {k: v for k, v in a.to_dict().items()} if hasattr(a, "to_dict") else dict(a.__dict__)
        rec.update(url=u, site="bench", body_hash=None)
        records.append(rec)
    t = time.process_time()
    for (u, b), rec in zip(bodies, records):
        archive.save_article(rec, raw=RawPage(url=u, body=b, encoding="utf-8", content_type="text/html"))
    res["store"] = (time.process_time() - t) * 1000 / len(bodies)
    archive.close()
    return res


def write_stage(root: Path, base: str, sample: int, db: Path, batch: int = 100) -> dict[str, float]:
    """CPU ms/article of the crawl's archive write into `db` as it stands: `Archive.save_batch` of `batch` articles
    with raw pages, each indexed for near-duplicate search in the same transaction (as `BatchWriter` with
    `DedupePipeline.index_stored` does), plus the dedupe pipeline's lookups before it (URL, body hash, LSH find).

    The sample's URLs get a query string the crawl never used, so every article is new to the archive.
    """
    from crawler.extract import extract_article
    from storage import body_hash
    from storage.archive import Archive, RawPage
    from storage.near_duplicates import NearDuplicateIndex

    files = sorted((root / "news").glob("*.html"), key=lambda p: int(p.stem))[:sample]
    entries = []
    for f in files:
        url, html = f"{base}/news/{f.stem}.html?write-stage", f.read_bytes()
        art = extract_article(html, url, encoding="utf-8")
        rec = dict(art.to_dict()) if hasattr(art, "to_dict") else dict(art.__dict__)
        rec.update(url=url, site="bench", body_hash=body_hash(rec.get("body")))
        entries.append((rec, RawPage(url=url, body=html, encoding="utf-8", content_type="text/html")))
    with Archive(db) as archive:
        index = NearDuplicateIndex(archive.db)
        articles = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        lookup = store = 0.0
        for i in range(0, len(entries), batch):
            chunk = entries[i : i + batch]
            t = time.process_time()
            fps = []
            for rec, _ in chunk:  # the dedupe pipeline's reads for a new article
                archive.article_id_for_url(rec["url"])
                archive.article_id_for_body_hash(rec["body_hash"])
                fps.append(index.fingerprint(rec["body"]))
                index.find(fps[-1])
            lookup += time.process_time() - t
            t = time.process_time()
            archive.save_batch(chunk, after_save=lambda k, result: index.add(result.id, fps[k]))
            store += time.process_time() - t
    n = max(1, len(entries))
    return {"articles_before": articles, "dedupe_lookups": lookup * 1000 / n, "save_batch": store * 1000 / n}


def prepare_archive(source: Path, dest: Path) -> None:
    """Copy `source` (an archive, with its WAL) to `dest`; build the near-duplicate index in `source` first if it has
    none, so the crawl starts as on a crawled archive, not with a one-off catch-up over every stored article."""
    import sqlite3

    from storage.archive import Archive
    from storage.near_duplicates import NearDuplicateIndex

    with Archive(source) as archive:
        articles = archive.db.execute("SELECT count(*) FROM articles").fetchone()[0]
        indexed = archive.db.execute("SELECT count(*) FROM near_dup_articles").fetchone()[0]
        if indexed < articles:
            t = time.monotonic()
            n = NearDuplicateIndex(archive.db).rebuild()
            print(f"near-duplicate index built in {source}: {n:,} articles in {time.monotonic() - t:.0f} s "
                  f"(load {loadavg()})", flush=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dest}{suffix}").unlink(missing_ok=True)
    t = time.monotonic()
    # SQLite's backup API, not a file copy: what sits in the source's WAL (a checkpoint blocked by a reader
    # leaves it there) is copied too — a file copy lost a freshly built near-duplicate index that way.
    src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(dest)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    print(f"copied {source} ({articles:,} articles, {source.stat().st_size / 1e9:.1f} GB) in "
          f"{time.monotonic() - t:.0f} s", flush=True)


# ---------------------------------------------------------------- modes
def loadavg() -> str:
    """The 1/5/15-minute load average, printed with every figure (the machine is shared)."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def single(args: argparse.Namespace, work: Path) -> None:
    """Download-only vs full pipeline on one generated site."""
    host, port = "127.0.0.1", args.port
    base = f"http://{host}:{port}"
    site_root = work / "site"
    t = time.monotonic()
    if _generated(site_root, base, args.pages):  # --keep DIR of an earlier run with the same --pages and --port
        print(f"reusing the {args.pages} pages in {site_root}")
    else:
        generate(site_root, base, args.pages)
        print(f"generated {args.pages} pages in {time.monotonic() - t:.0f} s "
              f"({sum(f.stat().st_size for f in (site_root / 'news').iterdir()) / args.pages / 1024:.0f} KB average)")
    (work / "sites").mkdir(exist_ok=True)
    (work / "sites" / "bench.toml").write_text(site_toml("bench", base, host, 0, args.concurrency))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work / 'bench.db'}{suffix}").unlink(missing_ok=True)
    if args.db:
        prepare_archive(args.db, work / "bench.db")
    with Server([(host, port, site_root)], work) as server:
        print(f"server: {server.kind}; load average before: {loadavg()}")
        if args.full_only:
            full_only(work, args)
            return
        dl = run_measured([PY, __file__, "_download", base, str(args.concurrency)])
        pages_dl = json.loads(dl["out"].strip().splitlines()[-1])["responses"]
        print(f"download-only: {pages_dl} responses in {dl['wall']:.1f} s = {pages_dl / dl['wall']:.0f} pages/s, "
              f"{dl['cpu'] * 1000 / pages_dl:.1f} CPU ms/page, peak RSS {dl['peak_rss'] / 2**20:.0f} MiB "
              f"(load {loadavg()})")
        env = dict(os.environ, NEWSARCHIVE_DB=str(work / "bench.db"))
        cmd = [str(Path(PY).parent / "newsarchive"), "--db", str(work / "bench.db"), "--sites",
               str(work / "sites"), "crawl", "bench", "--json", *_settings(args)]
        if args.profile:  # py-spy (pip install py-spy): collapsed stacks per thread, e.g. for flamegraph.pl
            cmd = [shutil.which("py-spy") or str(Path(PY).parent / "py-spy"), "record", "--threads", "--format",
                   "raw", "--rate", "200", "--nonblocking", "-o", str(args.profile), "--", *cmd]
        full = run_measured(cmd, env)
        summary = json.loads("".join(l for l in full["out"].splitlines(True) if not l.startswith("py-spy>")))[0]["counts"]
        fetched = summary.get("fetched", 0)
        print(f"full pipeline: {fetched} article pages fetched ({summary.get('new')} new) in {full['wall']:.1f} s = "
              f"{fetched / full['wall']:.0f} pages/s, {full['cpu'] * 1000 / max(fetched, 1):.1f} CPU ms/page, "
              f"peak RSS {full['peak_rss'] / 2**20:.0f} MiB, processes {full['procs']} (load {loadavg()})")
        print(f"ratio full / download-only: {(fetched / full['wall']) / (pages_dl / dl['wall']):.2f}  (target >= 0.5)")
        curve = full["curve"][:: max(1, len(full["curve"]) // 12)]
        print("RSS curve (s: MiB): " + ", ".join(f"{s:.0f}: {r / 2**20:.0f}" for s, r in curve))
    st = stage_costs(site_root, base, min(args.stage_sample, args.pages), work)
    ws = write_stage(site_root, base, min(args.stage_sample, args.pages), work / "bench.db")
    total = full["cpu"] * 1000 / max(fetched, 1)
    dl_ms = dl["cpu"] * 1000 / pages_dl
    print(f"CPU ms/page by stage ({st['page_kb']:.0f} KB pages, load {loadavg()}):")
    print(f"  download + Scrapy (download-only run)   {dl_ms:6.2f}")
    print(f"  extraction (extract_article)            {st['extract']:6.2f}   (target <= 3)")
    print(f"  archive write (save_article + raw page)  {st['store']:6.2f}")
    print(f"  rest: item machinery, clean, validate, dedupe  {total - dl_ms - st['extract'] - st['store']:6.2f}")
    print(f"  = full pipeline total                   {total:6.2f}")
    print(f"  of which on the crawl's reactor thread  {full['main_cpu'] * 1000 / max(fetched, 1):6.2f}   "
          f"(the serial part: pages/s <= 1000 / this)")
    if not args.profile:
        print(f"full pipeline CPU ms/page by where it ran: {_split_line(full, fetched)}")
    print(f"archive write on the crawled archive ({ws['articles_before']:,} articles; batches of 100, load {loadavg()}):")
    print(f"  dedupe lookups (URL, body hash, LSH find)  {ws['dedupe_lookups']:6.2f}")
    print(f"  save_batch + near-dup index + raw page     {ws['save_batch']:6.2f}")
    comp = ", ".join(f"zlib {lv}: {st[f'zlib{lv}']:.2f} ms, {st[f'zlib{lv}_ratio']:.3f} of size" for lv in (1, 3, 6))
    if "zstd3" in st:
        comp += f", zstd 3: {st['zstd3']:.2f} ms, {st['zstd3_ratio']:.3f}"
    print(f"raw-page compression per page: {comp}")


def _generated(root: Path, base: str, pages: int) -> bool:
    """True when `root` already holds a generated site of `pages` articles served from `base`."""
    index = root / "sitemap.xml"
    return (index.exists() and base in index.read_text()
            and sum(1 for _ in (root / "news").glob("*.html")) == pages)


def full_only(work: Path, args: argparse.Namespace) -> None:
    """Only the full-pipeline crawl, with its RSS printed every minute: the long-crawl memory curve."""
    env = dict(os.environ, NEWSARCHIVE_DB=str(work / "bench.db"))
    full = run_measured([str(Path(PY).parent / "newsarchive"), "--db", str(work / "bench.db"), "--sites",
                         str(work / "sites"), "crawl", "bench", "--json", *_settings(args)], env, report_every=60)
    fetched = json.loads(full["out"])[0]["counts"].get("fetched", 0)
    print(f"full pipeline: {fetched} article pages in {full['wall']:.0f} s = {fetched / full['wall']:.1f} pages/s, "
          f"{full['cpu'] * 1000 / max(fetched, 1):.1f} CPU ms/page ({full['main_cpu'] * 1000 / max(fetched, 1):.1f} on "
          f"the reactor thread), peak RSS {full['peak_rss'] / 2**20:.0f} MiB (load {loadavg()})")
    print(f"CPU ms/page by where it ran: {_split_line(full, fetched)}")
    curve = full["curve"][:: max(1, len(full["curve"]) // 12)]
    print("RSS curve (s: MiB): " + ", ".join(f"{s:.0f}: {r / 2**20:.0f}" for s, r in curve))


def _settings(args: argparse.Namespace) -> list[str]:
    """`crawl -s NAME=VALUE` options for the full-pipeline crawl (`--set`)."""
    return [opt for pair in args.set for opt in ("-s", pair)]


def _split_line(run: dict, pages: int) -> str:
    """`cpu_split` of a crawl as CPU ms/page, one line."""
    return ", ".join(f"{name} {cpu * 1000 / max(pages, 1):.2f}" for name, cpu in cpu_split(run).items())


def multi(args: argparse.Namespace, work: Path) -> None:
    """`--sites N` polite sites on 127.0.0.2.. crawled by one `newsarchive crawl` or by the scheduler daemon."""
    port = args.port
    (work / "sites").mkdir()
    specs, keys = [], []
    t = time.monotonic()
    for i in range(args.sites):
        host = f"127.0.{(i + 2) // 256}.{(i + 2) % 256}"
        base, root = f"http://{host}:{port}", work / f"site{i}"
        generate(root, base, args.pages, seed=i + 1)
        keys.append(f"s{i:03d}")
        (work / "sites" / f"{keys[-1]}.toml").write_text(
            site_toml(keys[-1], base, host, args.delay, 1, scheduled=bool(args.per_process)))
        specs.append((host, port, root))
    print(f"generated {args.sites} x {args.pages} pages in {time.monotonic() - t:.0f} s")
    ideal = args.pages * args.delay
    db = work / "multi.db"
    began = datetime.now(timezone.utc)
    with Server(specs, work) as server:
        print(f"server: {server.kind}; {args.sites} sites x {args.pages} pages, delay {args.delay} s; "
              f"load {loadavg()}")
        if args.per_process:
            run = run_daemon(work, db, args.sites, args.per_process)
        else:
            run = run_measured([str(Path(PY).parent / "newsarchive"), "--db", str(db), "--sites",
                                str(work / "sites"), "crawl", *keys, "--json"])
    new, fetched, pids = _run_totals(db)
    print(f"{new} new articles of {args.sites * args.pages}; wall {run['wall']:.0f} s vs ideal {ideal:.0f} s = "
          f"{run['wall'] / ideal:.2f}x (target <= 1.5); peak RSS {run['peak_rss'] / 2**20:.0f} MiB (target <= 1024); "
          f"{run['cpu'] * 1000 / max(fetched, 1):.1f} CPU ms/page; crawl processes {pids} "
          f"(peak processes in the tree {run['procs']}); load {loadavg()}")
    curve = run["curve"][:: max(1, len(run["curve"]) // 12)]
    print("RSS curve (s: MiB): " + ", ".join(f"{s:.0f}: {r / 2**20:.0f}" for s, r in curve))
    if run.get("threads"):  # one `newsarchive crawl` process: where its CPU went (the rest is its worker processes)
        own = sum(run["threads"].values())
        print(f"CPU s: {run['cpu']:.1f} in all; crawl process threads " + ", ".join(
            f"{name} {cpu:.1f}" for name, cpu in sorted(run["threads"].items(), key=lambda kv: -kv[1]) if cpu >= 0.5)
              + f"; extraction workers and the rest {run['cpu'] - own:.1f}")
    print(_requests_per_site(db, args.pages))
    print(_phases(db, began, args.delay))


def _requests_per_site(db: Path, pages: int) -> str:
    """Requests each site's crawl sent (Scrapy's `downloader/request_count`, from the stats each crawl logs when
    it closes), against the ideal: robots.txt, the sitemaps the site announces, and its `pages` articles."""
    import re
    import statistics

    log = db.with_name(db.stem + ".crawl.log")  # the crawl log beside the archive (README, "Crawl output")
    counts = [int(n) for n in re.findall(r"'downloader/request_count': (\d+)", log.read_text(errors="replace"))] \
        if log.exists() else []
    if not counts:  # the daemon's crawls log warnings only (`--log-file -`), without Scrapy's closing stats
        return f"requests per site: no crawl log with Scrapy's stats at {log}"
    ideal = pages + 1 + 1 + -(-pages // SITEMAP_CHUNK)  # articles, robots.txt, sitemap index, its sitemaps
    return (f"requests per site ({len(counts)} sites): median {statistics.median(counts):.0f}, min {min(counts)}, "
            f"max {max(counts)} (ideal {ideal}: robots.txt, the sitemap index, {-(-pages // SITEMAP_CHUNK)} "
            f"sitemap(s), {pages} articles)")


def _phases(db: Path, began: datetime, delay: float) -> str:
    """Where each site's time went (seconds, median / max over sites, 1 s resolution): from the command's start to
    its crawl run's start, from there to its first article fetched (robots.txt and sitemaps), first to last
    article, last article to the run's end."""
    import sqlite3
    import statistics

    def t(stamp: str | None) -> float:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00")) if stamp else began
        return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).timestamp()

    with sqlite3.connect(db) as con:
        runs = {site: (t(a), t(b)) for site, a, b in
                con.execute("SELECT site, min(started_at), max(finished_at) FROM crawl_runs GROUP BY site")}
        pages = {site: (t(a), t(b), n) for site, a, b, n in con.execute(
            "SELECT a.site, min(r.fetched_at), max(r.fetched_at), count(*) FROM raw_pages r "
            "JOIN articles a ON a.id = r.article_id GROUP BY a.site")}
    rows = [(runs[s][0] - began.timestamp(), first - runs[s][0], last - first, runs[s][1] - last, n)
            for s, (first, last, n) in pages.items() if s in runs]
    if not rows:
        return "phases: no runs recorded"
    names = ("start of its run", "run start -> first article", "first -> last article", "last article -> run end")
    parts = [f"{name} {statistics.median(col):.0f} / {max(col):.0f}" for name, col in zip(names, zip(*rows))]
    ideal = statistics.median(r[4] for r in rows) - 1
    return f"per site, seconds, median / max: {'; '.join(parts)} (first -> last ideal: {ideal * delay:.0f})"


def _run_totals(db: Path) -> tuple[int, int, int]:
    """New and fetched articles over all runs, and how many crawl processes (host, pid) recorded them."""
    import sqlite3

    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT counts, host, pid FROM crawl_runs WHERE site != 'demo'").fetchall()
    counts = [json.loads(c or "{}") for c, _, _ in rows]
    return (sum(c.get("new", 0) for c in counts), sum(c.get("fetched", 0) for c in counts),
            len({(h, p) for _, h, p in rows}))


def run_daemon(work: Path, db: Path, sites: int, per_process: int) -> dict:
    """Run `schedule start` until every site's first run has finished; wall, CPU, RSS curve like `run_measured`."""
    import signal
    import sqlite3

    conf = work / "newsarchive.toml"
    parallel = -(-sites // per_process)
    conf.write_text(f"[scheduler]\nmax_sites_per_process = {per_process}\nmax_parallel = {parallel}\n"
                    f"run_timeout_minutes = 60\n")

    def finished() -> int:
        try:
            with sqlite3.connect(db, timeout=10) as con:
                return con.execute("SELECT count(*) FROM crawl_runs WHERE status != 'running'").fetchone()[0]
        except sqlite3.Error:
            return 0

    cmd = [str(Path(PY).parent / "newsarchive"), "--db", str(db), "--sites", str(work / "sites"),
           "--config", str(conf), "schedule", "start"]
    t0 = time.monotonic()
    with open(work / "daemon.stderr", "wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, cwd=work)
    curve: list[tuple[float, int]] = []
    peak_procs = 1
    while proc.poll() is None and finished() < sites:
        curve.append((time.monotonic() - t0, _tree_rss(proc.pid)))
        peak_procs = max(peak_procs, _count_tree(proc.pid))
        time.sleep(0.5)
    wall = time.monotonic() - t0
    proc.send_signal(signal.SIGTERM)
    _, _, usage = os.wait4(proc.pid, 0)  # CPU of the daemon and every crawl process it reaped
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "curve": curve,
            "peak_rss": max((r for _, r in curve), default=0), "procs": peak_procs}


def main() -> None:
    """Parse arguments and run one mode."""
    if len(sys.argv) > 1 and sys.argv[1] == "_download":
        download_only(sys.argv[2], int(sys.argv[3]))
        return
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=5000, help="articles per site")
    ap.add_argument("--sites", type=int, default=0, help="multi-site mode: this many polite sites")
    ap.add_argument("--delay", type=float, default=1.0, help="multi-site mode: download_delay of each site")
    ap.add_argument("--per-process", type=int, default=0,
                    help="multi-site mode: crawl through the scheduler daemon, this many sites per crawl process")
    ap.add_argument("--concurrency", type=int, default=16, help="single-site mode: per-domain concurrency")
    ap.add_argument("--port", type=int, default=18931)
    ap.add_argument("--stage-sample", type=int, default=300, help="pages for the per-stage CPU figures")
    ap.add_argument("--full-only", action="store_true",
                    help="single-site mode: only the full-pipeline crawl, RSS printed every minute (long crawls)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="single-site mode: a Scrapy setting for the full-pipeline crawl (crawl -s), repeatable")
    ap.add_argument("--keep", type=Path, help="work directory to keep (default: a temporary one)")
    ap.add_argument("--profile", type=Path, help="single-site mode: record the full crawl with py-spy into this file "
                    "(collapsed stacks, one root per thread; CPU figures then include py-spy's cost)")
    ap.add_argument("--db", type=Path,
                    help="single-site mode: crawl into a copy of this archive (its near-duplicate index is built first if missing)")
    args = ap.parse_args()
    if args.db and not args.db.is_file():
        ap.error(f"--db {args.db}: no such archive")
    work = args.keep or Path(tempfile.mkdtemp(prefix="crawl-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    work.chmod(0o755)  # nginx's worker runs as another user; mkdtemp makes the directory 0700
    try:
        (multi if args.sites else single)(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
