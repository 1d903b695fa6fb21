"""`re_compile`: `re.compile` whose work is kept across processes, like bytecode in `__pycache__`.

Why: the extractor compiles ~460 regular expressions when it is imported — ~200 ms of `newsarchive extract`'s
~0.3 s start, and of every extraction worker's. CPython's `re` parses and compiles a pattern in pure Python
(`re._parser`, `re._compiler`) and hands the resulting code list to `_sre.compile`, which only checks and wraps it.
This module saves those code lists the first time and, on later imports by the same Python, hands them straight to
`_sre.compile`: ~5 ms for all of them. A pattern built this way compares equal (`==`: same source, flags and code)
to `re.compile`'s, so matching cannot change. Anything unexpected — another Python or `re` version, a PyPy, a
missing or damaged file — falls back to plain `re.compile`. The file is written under the rules of bytecode files: not
with `-B` / `PYTHONDONTWRITEBYTECODE` (an existing one is still read), nowhere when the folder is read-only.
`make install` writes it once with bytecode writing allowed.

    from crawler.extract.regex_cache import re_compile
    WORD_RE = re_compile(r"\\w+")   # at module level, as with re.compile
    ...
    save()                          # once the modules' patterns are compiled (crawler.extract.extractor does it)

Only patterns compiled while modules import belong here: the file holds what the last saving process compiled.
"""

from __future__ import annotations

import marshal
import os
import re
import sys
from contextlib import suppress
from importlib.util import cache_from_source
from pathlib import Path
from typing import Any, AnyStr

try:  # private CPython modules; without them every pattern goes through re.compile
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - not CPython
    _sre = _compiler = _parser = None

# A cached code list is valid only for the `re` engine that produced it.
_ENGINE = (sys.version, getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None), getattr(_sre, "MAXREPEAT", None))
_Parts = tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]

_loaded: dict[tuple[Any, int], _Parts] | None = None
_compiled: dict[tuple[Any, int], _Parts] = {}  # this process's patterns, to save
_missed = False


def cache_path() -> Path | None:
    """The cache file beside this package's bytecode (None when this Python keeps no bytecode cache)."""
    tag = sys.implementation.cache_tag
    if tag is None or _sre is None:
        return None
    # where this module's own .pyc goes (honours sys.pycache_prefix)
    return Path(cache_from_source(__file__)).with_name(f"regex_cache.{tag}.marshal")


def re_compile(pattern: AnyStr, flags: int | re.RegexFlag = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, from the cache when this Python compiled the same pattern before."""
    global _missed
    key = (pattern, int(flags))
    parts = _cache().get(key)
    if parts is not None:
        try:
            compiled = _sre.compile(pattern, *parts)
        except Exception:  # a damaged entry: compile it afresh
            parts = None
    if parts is None:
        compiled = re.compile(pattern, flags)
        if not _saving():  # keep no parts that could never be written (they cost a second compilation)
            return compiled
        parts = _parts(pattern, int(flags))
        if parts is None:
            return compiled
        _missed = True
    _compiled[key] = parts
    return compiled


def save() -> bool:
    """Write this process's patterns to the cache if any was missing from it; True when a file was written."""
    global _missed
    path = cache_path()
    if not _missed or path is None or not _saving():
        return False
    _missed = False
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(marshal.dumps((_ENGINE, _compiled)))
        os.replace(tmp, path)  # atomic: a concurrent reader sees the old file or the new one
    except (OSError, ValueError):  # read-only install, full disk: the next start compiles again
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    return True


def _saving() -> bool:
    """Whether this process may write the cache: the rules of bytecode files (`-B`, PYTHONDONTWRITEBYTECODE)."""
    return _sre is not None and not sys.dont_write_bytecode


def _cache() -> dict[tuple[Any, int], _Parts]:
    """The saved code lists (read once), or an empty dict when there are none for this Python."""
    global _loaded
    if _loaded is None:
        _loaded = {}
        path = cache_path()
        if path is not None:
            try:
                engine, entries = marshal.loads(path.read_bytes())
                if engine == _ENGINE and isinstance(entries, dict):
                    _loaded = entries
            except (OSError, EOFError, ValueError, TypeError):
                pass
    return _loaded


def _parts(pattern: AnyStr, flags: int) -> _Parts | None:
    """What `re._compiler.compile` passes to `_sre.compile` after the pattern itself, as plain marshal-able data."""
    try:
        tree = _parser.parse(pattern, flags)
        code = [int(op) for op in _compiler._code(tree, flags)]
        groupindex = dict(tree.state.groupdict)
        indexgroup: list[Any] = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        parts = (int(flags | tree.state.flags), code, tree.state.groups - 1, groupindex, tuple(indexgroup))
        # the cache must reproduce re.compile exactly; if this Python's re works otherwise, keep nothing
        return parts if _sre.compile(pattern, *parts) == re.compile(pattern, flags) else None
    except Exception:
        return None
