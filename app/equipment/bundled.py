"""The minimum lists shipped with the app: ``resources/equipment/manifest.json`` names each
CSV file with its circular, level, version and source (docs/equipment.md).

Only lines copied faithfully from the circular itself are shipped; when none could be
sourced the manifest is empty and a school imports the official list from a spreadsheet
(``equipment import-list``). Loading is idempotent: an unchanged file writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app import paths
from app.changes import Changes
from app.db import Actor
from app.equipment.list_import import read_list_file
from app.equipment.lists import ListPlan, apply_plan, plan_list
from app.equipment.reference import CIRCULARS
from app.errors import ValidationError
from app.messages.equipment import EQUIPMENT_MSG as M
from app.permissions import Perm, require

SCHEMA = 1


@dataclass(frozen=True)
class ManifestEntry:
    """One shipped list file."""

    file: str
    circular: str
    level: str
    version: str
    source: str


def manifest_path() -> Path:
    return paths.resource("equipment", "manifest.json")


def read_manifest(path: Path | None = None) -> list[ManifestEntry]:
    """The manifest's entries, checked (a bad manifest is a bug in the bundle, reported)."""
    path = path or manifest_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA:
            raise ValueError(f"schema {data.get('schema')!r}")
        entries = [ManifestEntry(e["file"], e["circular"], e["level"], str(e["version"]),
                                 e["source"]) for e in data["lists"]]  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError(M.manifest_bad.format(file=path.name, reason=exc)) from None
    for e in entries:
        if CIRCULARS.get(e.circular) != e.level or not e.source.strip():
            raise ValidationError(M.manifest_bad.format(file=path.name, reason=e.file))
    return entries


def plan_bundled(session: Session, folder: Path | None = None) -> list[ListPlan]:
    """What loading every shipped list would change (nothing written)."""
    folder = folder or manifest_path().parent
    plans = []
    for entry in read_manifest(folder / "manifest.json"):
        file = folder / entry.file
        if not file.exists():
            raise ValidationError(M.list_file_missing.format(file=entry.file))
        rows, problems, _notices, _conv = read_list_file(file, circular=entry.circular)
        if problems:
            raise ValidationError(M.import_refused.format(
                n=len(problems), problems="\n".join(p.message for p in problems[:20])))  # fmt: skip
        plans.append(plan_list(session, rows, entry.version, entry.source))
    return plans


def load_bundled(session: Session, actor: Actor | None, folder: Path | None = None) -> Changes:
    """Store every shipped list (an unchanged one writes nothing)."""
    require(actor, Perm.MANAGE_EQUIPMENT)
    changes = Changes()
    for plan in plan_bundled(session, folder):
        if not plan.rows:
            continue
        if plan.inserted or plan.updated or plan.removed or not plan.exists:
            changes |= apply_plan(session, actor, plan)
    return changes
