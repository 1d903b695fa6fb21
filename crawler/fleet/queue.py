"""Redis keys shared by crawl nodes and the ingest writer, and the item wire format."""

from __future__ import annotations

import pickle
from typing import Any

import redis

STREAM = "newsarchive:items"  # one entry per extracted article page (record + raw page)
DEAD = "newsarchive:items:failed"  # entries the writer could not store (error attached), kept for a look
GROUP = "newsarchive-ingest"  # consumer group of the writer: entries stay pending until acked after commit
ARCHIVED = "newsarchive:archived"  # canonical URLs and aliases already in the archive (writer keeps it in sync)


def connect(url: str) -> redis.Redis:
    """A Redis client for `url` (redis://host:port/db)."""
    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=5)


def encode(item: dict[str, Any]) -> bytes:
    """An item as stored in the stream (pickle: it carries `storage.RawPage` with bytes; Redis is trusted)."""
    return pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)


def decode(data: bytes) -> dict[str, Any]:
    """Inverse of `encode`."""
    return pickle.loads(data)  # noqa: S301 - written only by our own nodes into our own Redis
