"""The pages of the main window, in navigation order: the one list of them.

A module adds its screen by appending a ``PageSpec`` (``ui.pages``) here, or
calling ``register``: a key, a Vietnamese title, an icon name (``ui/icons.py``),
the permission needed to see it (None: everyone) and a factory that builds the
widget from a ``PageContext``. Factories import their widget lazily so startup
stays fast; the window builds a page the first time it is opened. Only pages
the user's role may use are shown, and only finished pages belong here.

This module imports every page; no page imports it (import-linter).
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.db import Actor
from app.permissions import Perm, can
from ui.pages import PageContext, PageSpec


def _home(ctx: PageContext) -> QWidget:
    from ui.home_widget import HomeWidget

    return HomeWidget(ctx)


def _users(ctx: PageContext) -> QWidget:
    from ui.users_widget import UsersWidget

    return UsersWidget(ctx)


def _journal(ctx: PageContext) -> QWidget:
    from ui.journal_widget import JournalWidget

    return JournalWidget(ctx)


def _settings(ctx: PageContext) -> QWidget:
    from ui.settings_widget import SettingsWidget

    return SettingsWidget(ctx)


def _gradebook(ctx: PageContext) -> QWidget:
    from ui.gradebook.gradebook_widget import GradebookWidget

    return GradebookWidget(ctx)


def _students(ctx: PageContext) -> QWidget:
    from ui.students.student_list_widget import StudentListWidget

    return StudentListWidget(ctx)


def _classes(ctx: PageContext) -> QWidget:
    from ui.students.classes_widget import ClassesWidget

    return ClassesWidget(ctx)


def _transcripts(ctx: PageContext) -> QWidget:
    from ui.transcripts.transcripts_widget import TranscriptsWidget

    return TranscriptsWidget(ctx)


def _sync(ctx: PageContext) -> QWidget:
    from ui.sync.sync_widget import SyncWidget

    return SyncWidget(ctx)


def _equipment(ctx: PageContext) -> QWidget:
    from ui.equipment.equipment_widget import EquipmentWidget

    return EquipmentWidget(ctx)


def _assignments(ctx: PageContext) -> QWidget:
    from ui.assignments.assignments_widget import AssignmentsWidget

    return AssignmentsWidget(ctx)


def _cds(ctx: PageContext) -> QWidget:
    from ui.cds.cds_widget import CdsWidget

    return CdsWidget(ctx)


PAGES: list[PageSpec] = [
    PageSpec("home", "Trang chủ", "home", None, _home),
    PageSpec("students", "Học sinh", "user", Perm.VIEW_STUDENTS, _students),
    PageSpec("classes", "Lớp học", "calendar", Perm.MANAGE_CLASSES, _classes),
    PageSpec("assignments", "Phân công", "user-check", Perm.MANAGE_CLASSES, _assignments),
    PageSpec("gradebook", "Sổ điểm", "school", Perm.VIEW_GRADES, _gradebook),
    PageSpec("transcripts", "Học bạ", "journal", Perm.VIEW_TRANSCRIPTS, _transcripts),
    PageSpec("sync", "Đồng bộ", "refresh", Perm.SYNC, _sync),
    PageSpec("equipment", "Thiết bị", "folder", Perm.VIEW_EQUIPMENT, _equipment),
    PageSpec("cds", "Chuyển đổi số", "check", Perm.CDS_VIEW, _cds),
    PageSpec("users", "Người dùng", "users", Perm.MANAGE_USERS, _users),
    PageSpec("journal", "Nhật ký thay đổi", "journal", Perm.VIEW_JOURNAL, _journal),
    PageSpec("settings", "Cài đặt", "settings", None, _settings),
]


def register(spec: PageSpec, *, before: str | None = "users") -> None:
    """Add a page, by default after the home page and before the admin pages."""
    if any(p.key == spec.key for p in PAGES):
        raise ValueError(f"page {spec.key!r} is already registered")
    keys = [p.key for p in PAGES]
    PAGES.insert(keys.index(before) if before in keys else len(PAGES), spec)


def visible_pages(actor: Actor) -> list[PageSpec]:
    """The pages ``actor``'s role may open, in navigation order."""
    return [p for p in PAGES if p.perm is None or can(actor, p.perm)]
