"""Roles and what each may do. Checked in services, whatever the caller (CLI, UI, test)."""

from __future__ import annotations

from enum import StrEnum

from app.db import Actor
from app.errors import PermissionDenied
from app.messages import MSG


class Role(StrEnum):
    """The six roles of a Vietnamese school office."""

    ADMIN = "admin"
    PRINCIPAL = "principal"
    SECRETARY = "secretary"
    TEACHER = "teacher"
    IT_COORDINATOR = "it_coordinator"
    EQUIPMENT_OFFICER = "equipment_officer"


ROLE_LABELS: dict[str, str] = {
    Role.ADMIN: "Quản trị hệ thống",
    Role.PRINCIPAL: "Ban giám hiệu",
    Role.SECRETARY: "Giáo vụ / Văn thư",
    Role.TEACHER: "Giáo viên",
    Role.IT_COORDINATOR: "Cán bộ phụ trách CNTT",
    Role.EQUIPMENT_OFFICER: "Nhân viên thiết bị",
}


class Perm(StrEnum):
    """Actions guarded by a permission check."""

    MANAGE_USERS = "manage_users"
    EDIT_SCHOOL = "edit_school"
    VIEW_JOURNAL = "view_journal"
    BACKUP = "backup"
    RESTORE = "restore"
    MANAGE_BACKUPS = "manage_backups"
    EDIT_SETTINGS = "edit_settings"
    VIEW_STUDENTS = "view_students"
    EDIT_STUDENTS = "edit_students"
    VIEW_SENSITIVE = "view_sensitive"
    MANAGE_CLASSES = "manage_classes"
    ENTER_GRADES = "enter_grades"
    LOCK_GRADES = "lock_grades"
    VIEW_GRADES = "view_grades"
    VIEW_TRANSCRIPTS = "view_transcripts"
    PREPARE_TRANSCRIPTS = "prepare_transcripts"
    SIGN_TRANSCRIPTS = "sign_transcripts"
    ISSUE_TRANSCRIPTS = "issue_transcripts"
    ISSUE_TRANSCRIPT_COPIES = "issue_transcript_copies"
    SYNC = "sync"
    SYNC_SETUP = "sync_setup"
    VIEW_EQUIPMENT = "view_equipment"
    MANAGE_EQUIPMENT = "manage_equipment"
    APPROVE_DISPOSAL = "approve_disposal"
    REQUEST_LOANS = "request_loans"
    VIEW_LOANS = "view_loans"
    CDS_VIEW = "cds_view"
    CDS_EDIT = "cds_edit"
    CDS_APPROVE = "cds_approve"
    CDS_SEND = "cds_send"


PERM_LABELS: dict[str, str] = {
    Perm.MANAGE_USERS: "quản lý tài khoản người dùng",
    Perm.EDIT_SCHOOL: "sửa hồ sơ nhà trường",
    Perm.VIEW_JOURNAL: "xem nhật ký thay đổi",
    Perm.BACKUP: "sao lưu dữ liệu",
    Perm.RESTORE: "khôi phục dữ liệu",
    Perm.MANAGE_BACKUPS: "quản lý sao lưu (khôi phục, xuất và nhập khóa sao lưu)",
    Perm.EDIT_SETTINGS: "thay đổi cài đặt",
    Perm.VIEW_STUDENTS: "xem hồ sơ học sinh",
    Perm.EDIT_STUDENTS: "sửa hồ sơ học sinh",
    Perm.VIEW_SENSITIVE: "xem số định danh và thông tin sức khỏe",
    Perm.MANAGE_CLASSES: "quản lý lớp học",
    Perm.ENTER_GRADES: "nhập điểm",
    Perm.LOCK_GRADES: "khóa/mở khóa sổ điểm",
    Perm.VIEW_GRADES: "xem sổ điểm",
    Perm.VIEW_TRANSCRIPTS: "xem và in học bạ",
    Perm.PREPARE_TRANSCRIPTS: "lập học bạ",
    Perm.SIGN_TRANSCRIPTS: "ký học bạ",
    Perm.ISSUE_TRANSCRIPTS: "phát hành học bạ",
    Perm.ISSUE_TRANSCRIPT_COPIES: "cấp bản sao, trích lục học bạ",
    Perm.SYNC: "gửi dữ liệu lên cấp trên và nhận biên nhận",
    Perm.SYNC_SETUP: "nhập hồ sơ máy chủ nhận dữ liệu",
    Perm.VIEW_EQUIPMENT: "xem sổ thiết bị, phòng học và danh mục thiết bị tối thiểu",
    Perm.MANAGE_EQUIPMENT: "quản lý sổ thiết bị, phòng học và danh mục thiết bị tối thiểu",
    Perm.APPROVE_DISPOSAL: "duyệt thanh lý thiết bị",
    Perm.REQUEST_LOANS: "lập phiếu mượn thiết bị cho mình",
    Perm.VIEW_LOANS: "xem mọi phiếu mượn thiết bị và sổ theo dõi sử dụng",
    Perm.CDS_VIEW: "xem phiếu tự đánh giá chuyển đổi số",
    Perm.CDS_EDIT: "lập phiếu tự đánh giá chuyển đổi số và nhập bộ tiêu chí",
    Perm.CDS_APPROVE: "duyệt phiếu tự đánh giá chuyển đổi số",
    Perm.CDS_SEND: "gửi phiếu tự đánh giá chuyển đổi số và ghi kết quả cấp trên trả lời",
}

_ALL = frozenset(Perm)

GRANTS: dict[str, frozenset[Perm]] = {
    Role.ADMIN: _ALL,
    Role.PRINCIPAL: frozenset(
        {
            Perm.EDIT_SCHOOL,
            Perm.VIEW_JOURNAL,
            Perm.BACKUP,
            Perm.VIEW_STUDENTS,
            Perm.VIEW_SENSITIVE,
            Perm.LOCK_GRADES,
            Perm.VIEW_GRADES,
            Perm.ENTER_GRADES,
            Perm.VIEW_TRANSCRIPTS,
            Perm.PREPARE_TRANSCRIPTS,
            Perm.SIGN_TRANSCRIPTS,
            Perm.ISSUE_TRANSCRIPTS,
            Perm.ISSUE_TRANSCRIPT_COPIES,
            Perm.SYNC,
            Perm.SYNC_SETUP,
            Perm.VIEW_EQUIPMENT,
            Perm.APPROVE_DISPOSAL,
            Perm.REQUEST_LOANS,
            Perm.VIEW_LOANS,
            Perm.CDS_VIEW,
            Perm.CDS_APPROVE,
            Perm.CDS_SEND,
        }
    ),
    Role.SECRETARY: frozenset(
        {
            Perm.BACKUP,
            Perm.VIEW_STUDENTS,
            Perm.EDIT_STUDENTS,
            Perm.VIEW_SENSITIVE,
            Perm.MANAGE_CLASSES,
            Perm.VIEW_GRADES,
            Perm.VIEW_TRANSCRIPTS,
            Perm.ISSUE_TRANSCRIPT_COPIES,
            Perm.SYNC,
        }
    ),
    # A teacher's transcript rights hold for their homeroom class only (app.transcripts.access).
    Role.TEACHER: frozenset(
        {
            Perm.VIEW_STUDENTS,
            Perm.ENTER_GRADES,
            Perm.VIEW_GRADES,
            Perm.VIEW_TRANSCRIPTS,
            Perm.PREPARE_TRANSCRIPTS,
            Perm.SIGN_TRANSCRIPTS,
            Perm.VIEW_EQUIPMENT,
            Perm.REQUEST_LOANS,
        }
    ),
    # The IT coordinator reads the equipment figures (computer ratio) for the CĐS self-assessment,
    # prepares it and sends it once the principal has approved it (decision 036).
    Role.IT_COORDINATOR: frozenset(
        {
            Perm.BACKUP,
            Perm.VIEW_JOURNAL,
            Perm.EDIT_SETTINGS,
            Perm.SYNC,
            Perm.SYNC_SETUP,
            Perm.VIEW_EQUIPMENT,
            Perm.CDS_VIEW,
            Perm.CDS_EDIT,
            Perm.CDS_SEND,
        }
    ),
    # The equipment officer approves, hands out and takes back loans (MANAGE_EQUIPMENT).
    Role.EQUIPMENT_OFFICER: frozenset(
        {Perm.VIEW_EQUIPMENT, Perm.MANAGE_EQUIPMENT, Perm.REQUEST_LOANS, Perm.VIEW_LOANS}
    ),
}


def role_label(role: str) -> str:
    """Vietnamese name of a role."""
    return ROLE_LABELS.get(role, role)


def can(actor: Actor | None, perm: Perm) -> bool:
    """Whether ``actor`` holds ``perm``; no actor holds nothing."""
    return actor is not None and perm in GRANTS.get(actor.role, frozenset())


def require(actor: Actor | None, perm: Perm) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` holds ``perm``."""
    if not can(actor, perm):
        raise PermissionDenied(
            MSG.permission_denied.format(
                user=actor.username if actor else "(chưa đăng nhập)",
                role=role_label(actor.role) if actor else "-",
                action=PERM_LABELS.get(perm, perm),
            )
        )
