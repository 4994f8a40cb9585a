"""docs/package-format.md lists every entity a school sends, field by field, and every table that
stays: a receiver written from the page alone must read every package (issue 10 "Done when")."""

from __future__ import annotations

from app.sync import entity_docs
from app.sync.entities import ENTITIES, STAYS


def test_the_page_lists_exactly_the_entity_map() -> None:
    page = entity_docs.current()
    assert page == entity_docs.section(), (
        "docs/package-format.md differs from app/sync/entities.py: "
        "run `python -m app.sync.entity_docs --write`"
    )
    for entity in ENTITIES:
        assert f"| `{entity.tag}` | `{entity.table}` |" in page
        assert all(f"`{field}`" in page for field in entity.fields.values())
    assert all(f"- `{table}`:" in page for table in STAYS)
