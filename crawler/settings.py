"""Scrapy settings for newsarchive (`scrapy.cfg` points here, so `scrapy crawl SITE` uses them)."""

from scrapy.settings import default_settings as _scrapy_defaults

from crawler.config import USER_AGENT

BOT_NAME = "newsarchive"

# One spider per site file: `scrapy list` lists the configured sites, `scrapy crawl KEY` crawls one.
SPIDER_LOADER_CLASS = "crawler.spiders.loader.SiteSpiderLoader"
SPIDER_MODULES: list[str] = []
NEWSPIDER_MODULE = "crawler.spiders"
# `scrapy crawl` exits 1 when the site lock refuses the crawl (crawler/commands/crawl.py)
COMMANDS_MODULE = "crawler.commands"

USER_AGENT = USER_AGENT
ROBOTSTXT_OBEY = True  # Scrapy's library default is still False
REMOTE_CONTROL_ENABLED = False  # 2.19's RemoteControl executes posted Python on localhost

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024  # a 10 MB "article" is not an article
DOWNLOAD_WARNSIZE = 3 * 1024 * 1024
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5  # article and discovery redirects are followed this far (Scrapy's default is 20)
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy re-reads and parses the source of every callback once per spider to warn about `return value` in
# generators: ~11 ms per site, 1 s of CPU for a 100-site crawl process, for a lint our tests already cover
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy starts CONCURRENT_ITEMS worker tasks for *every* callback's output (default 100), and an article page
# yields one item: 101 asyncio tasks per page were ~9% of the crawl thread (py-spy, bench/crawl_bench.py).
# Items of different pages still wait for their batch in parallel; this bounds only one page's own outputs, and
# an article page has one: at 1, two tasks per page instead of five (~10 us of the reactor thread per page).
CONCURRENT_ITEMS = 1
# Scrapy's stats collector runs a Python __getattribute__ on every access (~2 us per stats call, ~20 calls per page
# on the reactor thread): the same collector without it (crawler/stats_collector.py)
STATS_CLASS = "crawler.stats_collector.PlainStatsCollector"

# Let the spider see 4xx/5xx article pages so it can count them as failures instead of losing them silently.
HTTPERROR_ALLOW_ALL = False

SPIDER_MIDDLEWARES = {
    # one crawl per site and archive, also for a plain `scrapy crawl SITE` (crawler/site_lock_middleware.py)
    "crawler.site_lock_middleware.SiteLockMiddleware": 20,
    # skip article pages already in the archive before they are even scheduled
    "crawler.middlewares.SkipArchivedMiddleware": 50,
    # backfills (crawl --since): persist the discovery frontier, skip pages an earlier run finished
    "crawler.backfill.BackfillMiddleware": 60,
}

DOWNLOADER_MIDDLEWARES = {
    # every request, redirect hop and robots.txt fetch stays in the site's scope (before robots.txt: 100);
    # it replaces Scrapy's OffsiteMiddleware, which skips dont_filter requests and drops the others at
    # scheduling time without a count or a log line above DEBUG
    "crawler.scope.ScopeMiddleware": 45,
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    # Scrapy's meta-refresh redirects, without decoding every whole page that has none (crawler/meta_refresh.py)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.meta_refresh.HeadMetaRefreshMiddleware": 580,
}

ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.store.StorePipeline": 400,
}

EXTENSIONS = {
    "crawler.runs.CrawlRunExtension": 0,
    "crawler.warc_writer.WarcWriterExtension": 10,  # off unless NEWSARCHIVE_WARC_DIR is set
    "crawler.gc_tuning.GcTuning": 20,  # NEWSARCHIVE_GC_THRESHOLDS
}
# RemoteControl and TelnetConsole are off (above), but Scrapy imports every extension its lists name, even one set to
# None, and RemoteControl's module imports aiohttp: ~0.1 s of every crawl process's start. Left out of the base list
# (the rest of Scrapy's, whatever the version), they are never imported.
EXTENSIONS_BASE = {path: order for path, order in _scrapy_defaults.EXTENSIONS_BASE.items()
                   if path not in ("scrapy.extensions.remote_control.RemoteControl", "scrapy.extensions.telnet.TelnetConsole")}

# Archive file; NEWSARCHIVE_DB (environment) and `newsarchive --db` win over this setting.
NEWSARCHIVE_DB = None
# Extra site files/dirs (os.pathsep-separated) besides ./sites and $NEWSARCHIVE_SITES.
NEWSARCHIVE_SITES = None
# A crawl that finds the archive's write lock held by another process retries (with backoff) this long before
# giving up with one line (crawler.runner); a site being crawled already is refused at once (crawler.site_lock).
NEWSARCHIVE_LOCK_WAIT_SECONDS = 120.0
# Items whose body is shorter than this are dropped by validation (photo stubs, empty templates).
NEWSARCHIVE_MIN_BODY_CHARS = 30
# Near duplicates (pipelines/dedupe.py documents each): MinHash-LSH over 5-character shingles.
NEWSARCHIVE_NEAR_DUP_ENABLED = True
NEWSARCHIVE_NEAR_DUP_THRESHOLD = 0.5
NEWSARCHIVE_NEAR_DUP_CONTAINMENT = 0.95
NEWSARCHIVE_NEAR_DUP_SHINGLE_SIZE = 5
NEWSARCHIVE_NEAR_DUP_PERMUTATIONS = 96
NEWSARCHIVE_NEAR_DUP_BANDS = 32
NEWSARCHIVE_NEAR_DUP_MIN_NUMBER_OVERLAP = 0.7
# Article pages that failed are not retried before this many hours (doubling per failure; 404/410: "gone").
NEWSARCHIVE_RETRY_FAILED_HOURS = 1.0
NEWSARCHIVE_RETRY_GONE_HOURS = 168.0
# Discovery bounds: sitemap indexes nested deeper than this are not followed; a crawl sends at most this many
# feed/sitemap/listing requests (a sitemap index listing itself, or an endless chain, stops there).
NEWSARCHIVE_SITEMAP_MAX_DEPTH = 4
NEWSARCHIVE_MAX_DISCOVERY_REQUESTS = 2000
# Article pages larger than this get a fetch-failure row before extraction, removed when it finishes: a page
# that hangs the crawl (and gets it killed) then backs off like any failure instead of hanging every crawl.
NEWSARCHIVE_GUARD_PAGE_BYTES = 1024 * 1024
# Extraction worker processes (crawler/workpool.py): None = one per core, 0 = extract in the crawl's own process.
# A page whose extraction runs longer than the timeout (seconds) has its worker killed and replaced; it is dropped,
# kept raw and backs off like a failed page.
NEWSARCHIVE_EXTRACT_WORKERS = None
# How many crawl processes run at once on this machine (each gets cores / this workers when the count above is unset):
# None = $NEWSARCHIVE_CRAWL_PROCESSES (the scheduler daemon sets it to max_parallel for its crawls), else 1.
# A fleet job gets it from its scheduler; a Scrapyd node also caps it by its own max_proc (fleet/node_settings.py).
NEWSARCHIVE_CRAWL_PROCESSES = None
NEWSARCHIVE_NODE_MAX_PROC = None
NEWSARCHIVE_EXTRACT_TIMEOUT = 60.0
# Articles are written this many per transaction, or this many seconds after the first one waits (pipelines/writer.py).
NEWSARCHIVE_WRITE_BATCH = 100
NEWSARCHIVE_WRITE_INTERVAL = 0.1
# The crawl process's cyclic GC thresholds (crawler/gc_tuning.py; Python's are 700, 10, 10); empty: Python's
NEWSARCHIVE_GC_THRESHOLDS = (10000, 10, 10)
# Bytes of responses being processed (waiting for a worker, a batch) by all sites of one crawl process together;
# each of N sites gets 1/N of it as its SCRAPER_SLOT_MAX_ACTIVE_SIZE (crawler.runner), at least 256 KiB; a waiting
# page held ~175 KB of memory for ~70 KB of body in a 100-site crawl (bench/README.md)
NEWSARCHIVE_GROUP_ACTIVE_BYTES = 32 * 1024 * 1024
# SQLite page cache of the crawl's archive connection in KiB (0: SQLite's default, 2000); with several sites in one
# process each gets NEWSARCHIVE_GROUP_CACHE_KIB / N of it, at least 256 (crawler.runner)
NEWSARCHIVE_ARCHIVE_CACHE_KIB = 0
NEWSARCHIVE_GROUP_CACHE_KIB = 32 * 1024
# Backfills (crawl --since): listing pages walked per listing at most (a regular crawl uses its max_pages).
NEWSARCHIVE_BACKFILL_MAX_PAGES = 1000
# Directory to also write each crawl's fetched article pages to as a WARC file (None: no WARC).
NEWSARCHIVE_WARC_DIR = None
# crawl_runs bookkeeping: trigger label and an existing run id (set by the scheduler)
NEWSARCHIVE_TRIGGER = "manual"
NEWSARCHIVE_RUN_ID = None
# Fleet node: items go to this Redis instead of the archive (crawler/fleet/node_settings.py); unset here
NEWSARCHIVE_REDIS_URL = None

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

from crawler.items import EXPORT_FIELDS as FEED_EXPORT_FIELDS  # noqa: E402  (raw bytes never go to -O feeds)
