"""A name resolver for crawls in tests (`-s TWISTED_DNS_RESOLVER=tests.hostile.resolver.HostsResolver`): answers
only IP addresses and the names in the `HOSTILE_HOSTS` setting (`name=address,…`) and fails every other lookup, so a crawl in
a test can use DNS names without any DNS traffic leaving the machine."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError


class HostsResolver(CachingThreadedResolver):
    """Resolves from a fixed table, like /etc/hosts; never asks a DNS server."""

    hosts: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> "HostsResolver":
        """Read the table from the crawler's settings."""
        resolver = super().from_crawler(crawler, reactor)
        pairs = (p.partition("=") for p in crawler.settings.get("HOSTILE_HOSTS", "").split(",") if p)
        resolver.hosts = {name.strip(): addr.strip() for name, _, addr in pairs}
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred:
        """The table's address for `name`, or a DNS lookup error."""
        if name in self.hosts:
            return defer.succeed(self.hosts[name])
        try:  # addresses are asked for too; they resolve to themselves
            return defer.succeed(str(ipaddress.ip_address(name)))
        except ValueError:
            pass
        return defer.fail(DNSLookupError(f"{name} is not in HOSTILE_HOSTS"))
