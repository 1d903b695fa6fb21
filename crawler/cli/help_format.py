"""How `--help` shows options: flags as bare flags, not `--json <bool>`.

typer 0.29 prints a value type after every option, flags included, so `--json <bool>` reads as if it took
a value. Its rich help asks each option for `display_type_rich`; answering None for flags (and counters)
prints just the flag. Importing this module applies the change (crawler/cli/app.py does).
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperOption

_original = TyperOption.display_type_rich


def _display_type_rich(self: TyperOption, ctx: Any) -> str | None:
    """The value placeholder shown in help; none for a flag, which takes no value."""
    if self.is_flag or self.count:
        return None
    return _original(self, ctx)


TyperOption.display_type_rich = _display_type_rich  # type: ignore[method-assign]
