"""Numbers as Vietnamese writes them: 172.900, never 172900 or 172,900 (STYLE rule 16)."""

from __future__ import annotations


def thousands(n: int) -> str:
    """``n`` with a dot between each group of three digits: 1.234.567, -3.000, 999."""
    return f"{n:,}".replace(",", ".")
