"""The seeded school (2025-2026 current) with the 2024-25 list file at hand."""

from __future__ import annotations

import json
from typing import Any

from app import paths

BUNDLED = "2024-2025"


def bundled_dict() -> dict[str, Any]:
    """The shipped 2024-25 list, as a dict a test may spoil."""
    return json.loads(paths.resource("cds", f"tasks-{BUNDLED}.json").read_text("utf-8"))


def as_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()
