"""The entity tables of ``docs/package-format.md``, written from the entity map.

``python -m app.sync.entity_docs --write`` rewrites the part of the page from "### Entities,
version 1" to its end; ``tests/sync/test_entity_docs.py`` fails while the page and the map
differ, so a receiver written from the page alone reads every entity a school sends.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.sync.entities import ENTITIES, STAYS, Entity

HEADING = "### Entities, version 1"
DOC = Path(__file__).resolve().parents[2] / "docs" / "package-format.md"


def _ticks(names: object) -> str:
    return ", ".join(f"`{n}`" for n in sorted(names))  # type: ignore[call-overload]


def _row(e: Entity) -> str:
    fields = _ticks(e.fields.values())
    for column, digest in e.blobs.items():
        fields += f" (the `{column}` bytes travel as a blob named by `{digest}`)"
    stays = _ticks(e.stays) if e.stays else "—"
    return f"| `{e.tag}` | `{e.table}` | {fields} | {stays} |"


def section() -> str:
    """The generated section, from its heading to the end of the page."""
    lines = [HEADING, "", "| Entity | School table | Fields | Never sent |", "|---|---|---|---|"]
    lines += [_row(e) for e in ENTITIES]
    lines += ["", "Tables that never leave the school:", ""]
    lines += [f"- `{table}`: {why}." for table, why in STAYS.items()]
    return "\n".join(lines) + "\n"


def current() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(HEADING) :]


def write() -> None:
    text = DOC.read_text(encoding="utf-8")
    DOC.write_text(text[: text.index(HEADING)] + section(), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    if "--write" in sys.argv:
        write()
    else:
        print(section(), end="")
