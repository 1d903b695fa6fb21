"""Redis keys shared by crawl nodes and the ingest writer, and the item wire format."""

from __future__ import annotations

import pickle
import zlib
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
    """An item as stored in the stream: pickled (it carries `storage.RawPage` with bytes; Redis is trusted), then
    zlib level 1 — the raw HTML is most of an item, and Redis memory is what bounds the backlog."""
    return zlib.compress(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), 1)


def decode(data: bytes) -> dict[str, Any]:
    """Inverse of `encode` (also reads entries queued before items were compressed: a pickle starts with 0x80)."""
    raw = data if data[:1] == b"\x80" else zlib.decompress(data)
    return pickle.loads(raw)  # noqa: S301 - written only by our own nodes into our own Redis
