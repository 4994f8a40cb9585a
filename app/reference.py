"""Read-only reference lists bundled under ``resources/reference`` (provenance kept there)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from app.paths import resource


@dataclass(frozen=True)
class CodeName:
    """A code with its Vietnamese name."""

    code: str
    name: str


def _read(name: str) -> list[dict[str, str]]:
    with resource("reference", name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def provinces_2025() -> tuple[CodeName, ...]:
    """The 34 provinces after the 2025 merger, for addresses and the school profile."""
    return tuple(CodeName(r["code"], r["name"]) for r in _read("provinces-2025.csv"))


@cache
def birth_provinces() -> dict[str, str]:
    """The 63 pre-2025 province codes used in digits 1–3 of personal ID numbers."""
    return {r["code"]: r["province_name_pre_2025"] for r in _read("province-codes.csv")}


@cache
def ethnic_groups() -> tuple[CodeName, ...]:
    """The 54 ethnic groups (1979 code list); the code system is stored with each code."""
    return tuple(CodeName(r["code"], r["name"]) for r in _read("ethnic-groups.csv"))


ETHNIC_CODE_SYSTEM = "QD-121-TCTK/PPCD-1979"
