"""Read-only reference lists bundled under ``resources/reference`` (provenance kept there)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from app.paths import resource


@dataclass(frozen=True)
class CodeName:
    """A code with its Vietnamese name."""

    code: str
    name: str


@dataclass(frozen=True)
class OtherName:
    """Another name or local group of an ethnic group, with where it was read."""

    code: str
    name: str
    source: str
    verified: bool


def _read(name: str) -> list[dict[str, str]]:
    with resource("reference", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def provinces_2025() -> tuple[CodeName, ...]:
    """The 34 provinces after the 2025 merger, for addresses and the school profile."""
    return tuple(CodeName(r["code"], r["name"]) for r in _read("provinces-2025.csv"))


@cache
def province_predecessors() -> dict[str, str]:
    """Pre-2025 province name → the 2025 province it became part of ("Hà Giang" → "Tuyên Quang")."""
    out: dict[str, str] = {}
    for r in _read("provinces-2025.csv"):
        for old in r["merged_from"].split(";"):
            if old.strip():
                out[old.strip()] = r["name"]
    return out


@cache
def birth_provinces() -> dict[str, str]:
    """The 63 pre-2025 province codes used in digits 1–3 of personal ID numbers."""
    return {r["code"]: r["province_name_pre_2025"] for r in _read("province-codes.csv")}


@cache
def ethnic_groups() -> tuple[CodeName, ...]:
    """The 54 ethnic groups (1979 code list); the code system is stored with each code."""
    return tuple(CodeName(r["code"], r["name"]) for r in _read("ethnic-groups.csv"))


@cache
def ethnic_alt_names() -> tuple[CodeName, ...]:
    """The spellings of a group's own name in the list's ``alt_name`` column ("Việt", "H'Mông")."""
    return tuple(
        CodeName(r["code"], alt.strip())
        for r in _read("ethnic-groups.csv")
        for alt in re.split(r"[/(),;]", r["alt_name"])
        if alt.strip()
    )


@cache
def ethnic_other_names() -> tuple[OtherName, ...]:
    """Other names and local groups of the groups (1979 annex), one per row with its source."""
    return tuple(
        OtherName(r["code"], r["other_name"], r["source"], r["verified"] == "yes")
        for r in _read("ethnic-group-names.csv")
    )


ETHNIC_CODE_SYSTEM = "QD-121-TCTK/PPCD-1979"
