"""The hostile-site suite: real crawls (`newsarchive crawl` in a subprocess, as users run it) against servers
on 127.0.0.1 that misbehave on purpose, with 127.0.0.2 as the "other host" no crawl of the site may reach.

Threat model — what a site may send:

* redirects anywhere: from a feed, sitemap, listing, robots.txt or article URL to another host, to a non-http
  scheme, to an address on the crawling machine's own network, in loops and long chains;
* discovery that never ends: a sitemap index listing itself, an endless chain of indexes, an index fanning
  out to thousands of sitemaps; legal sitemaps up to the protocol's 50 MB;
* compression bombs: a `.xml.gz` sitemap (no Content-Encoding) or a `Content-Encoding: gzip` page that
  inflates to gigabytes from a few megabytes;
* pages that are cheap to send and expensive to parse: one element with 300,000 attributes, millions of
  tiny elements; pages with a stray NUL byte that are otherwise fine;
* a site configuration (TOML) with values that would hang or silently empty a crawl.

What the crawler promises:

* bounded time: every page costs bounded parse time (`crawler.extract.limits`), discovery is bounded by a
  seen set, a depth limit and a per-crawl request budget, redirects by a hop limit;
* bounded memory per page: downloads are capped (10 MiB pages, 50 MB sitemaps) and gzip is inflated
  with a cap before it is held in memory; the memory-hungry crawls here run under an address-space limit
  (`resource.RLIMIT_AS`), so a regression fails the test instead of exhausting the machine;
* no off-scope request: every request, redirect hop and robots.txt fetch is checked against the site's
  scheme, `allowed_domains` and address class (`crawler.scope`), before any byte is sent;
* nothing lost: a redirected article is stored under its final URL with the first as an alias; every page
  that cannot be used is counted in the run (failed, dropped, skipped off-scope) and backs off;
* one-line errors: refused configuration and refused pages are one line each, never a traceback.
"""
