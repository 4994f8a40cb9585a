"""What the buttons of the "Học bạ" page do: each asks what it needs on the main thread, then
runs the work with ``ui.ops`` (progress, Hủy, the error shown, the changes announced).

The services decide (``app.transcripts``); nothing here checks a permission of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from app import school
from app.changes import Changes
from app.progress import Progress, check_cancel
from app.transcripts import export, service
from app.transcripts.models import SIGNER_LABELS, State
from app.transcripts.print_files import slug, write_pdf
from app.transcripts.queries import TranscriptRow
from app.transcripts.service import Prepared
from app.transcripts.signing import BatchOutcome, Item, document, sign_many
from ui import ops
from ui.confirm import Confirm, Notice, show_status
from ui.file_dialogs import FolderDialog, SaveFileDialog
from ui.transcripts import print_action
from ui.transcripts.copies_dialog import CopiesDialog
from ui.transcripts.extras_dialog import ExtrasDialog, Student
from ui.transcripts.page_base import TranscriptPage
from ui.transcripts.preview_dialog import PageImage, PreviewDialog, render_pages
from ui.transcripts.reason_dialog import ReasonDialog
from ui.transcripts.reissue_dialog import ReissueDialog
from ui.transcripts.sign_dialog import SecretDialog, SignDialog
from ui.transcripts.verify_dialog import VerifyDialog


@dataclass(frozen=True)
class Done:
    """How many a job did, and what it changed (announced by the runner)."""

    count: int
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True)
class Signed:
    """A batch's outcome, out of how many."""

    outcome: BatchOutcome
    total: int

    @property
    def changes(self) -> Changes:
        """What the batch changed, as the service says."""
        return self.outcome.changes


def _label(row: TranscriptRow) -> str:
    return f"{row.student_code} {row.full_name}"


def _fixed(row: TranscriptRow) -> bool:
    v = row.version
    return v is not None and (v.state in (State.SIGNED, State.ISSUED) or bool(v.signatures))


# ---------------------------------------------------------------- prepare, submit, issue


def prepare(page: TranscriptPage) -> None:
    """Lập học bạ: the selected students, or the class; a signed one needs a reason."""
    group = page.current_class()
    if group is None:
        return
    chosen = page.selected_rows()
    rows = chosen or page.rows()
    reason = ""
    signed = [r for r in rows if _fixed(r)] if chosen else []
    if signed:
        flagged = next((r.reissue_reason for r in signed if r.needs_reissue), "")
        text = page.tr(
            "{n} học bạ đã có chữ ký. Lập lại sẽ tạo bản đính chính mới (bản cũ vẫn được giữ); "
            "hãy ghi lý do đính chính."
        ).format(n=len(signed))
        asked = ReasonDialog.ask(page, page.tr("Lý do đính chính"), text, flagged)
        if asked is None:
            return
        reason = asked
    elif not chosen and not Confirm.ask(
        page, page.tr("Lập học bạ"),
        page.tr("Lập học bạ cho cả lớp {cls} ({n} học sinh)?").format(cls=group.name, n=len(rows)),
        page.tr("Lập học bạ"),
    ):  # fmt: skip
        return
    ctx, year, class_id = page.ctx, page.current_year(), group.id
    ids = [r.student_id for r in chosen]
    step = page.tr("Đang lập học bạ…")  # worded here: the job runs on a worker

    def job(progress: Progress) -> Done:
        progress.update(0, 0, step)
        with ctx.db.uow(ctx.actor, reason=reason or None) as s:
            if ids:
                done: list[Prepared] = []
                for n, sid in enumerate(ids):
                    check_cancel(progress)
                    progress.update(n, len(ids), step, "học sinh")
                    done.append(service.prepare(s, ctx.actor, sid, year, reason))
            else:
                done = service.prepare_class(s, ctx.actor, class_id, reason)
        made = [p for p in done if p.created or p.rebuilt]
        return Done(len(made), made[0].changes if made else Changes())

    ops.run(page, job, lambda d: show_status(page, page.tr("Đã lập {n} học bạ.").format(n=d.count)),
            label=page.tr("Đang lập học bạ…"))  # fmt: skip


def _versions(rows: list[TranscriptRow], state: str) -> list[uuid.UUID]:
    return [r.version.id for r in rows if r.version is not None and r.version.state == state]


def _each(
    page: TranscriptPage, ids: list[uuid.UUID], act: Callable[..., Changes], done: str, busy: str
) -> None:
    """Run ``act(session, actor, version_id)`` on every id in one unit of work, off the UI
    thread; the status line says how many (``done`` with ``{n}``)."""
    ctx = page.ctx

    def job(_progress: Progress) -> Done:
        changes = Changes()
        with ctx.db.uow(ctx.actor) as s:
            for vid in ids:
                changes |= act(s, ctx.actor, vid)
        return Done(len(ids), changes)

    ops.run(page, job, lambda d: show_status(page, done.format(n=d.count)), label=busy)


def submit(page: TranscriptPage) -> None:
    """Gửi ký: every draft among the target rows."""
    ids = _versions(page.target_rows(), State.DRAFT)
    if ids:
        _each(page, ids, service.submit, page.tr("Đã gửi ký {n} học bạ."), page.tr("Đang gửi ký…"))


def issue(page: TranscriptPage) -> None:
    """Phát hành: every fully signed transcript among the target rows, after a question."""
    ids = _versions(page.target_rows(), State.SIGNED)
    if not ids or not Confirm.ask(
        page, page.tr("Phát hành học bạ"),
        page.tr("Phát hành {n} học bạ đã ký đủ? Học bạ đã phát hành không sửa được nữa; "
                "sai sót chỉ sửa bằng bản đính chính.").format(n=len(ids)),
        page.tr("Phát hành"),
    ):  # fmt: skip
        return
    _each(page, ids, service.issue, page.tr("Đã phát hành {n} học bạ."),
          page.tr("Đang phát hành…"))  # fmt: skip


# ---------------------------------------------------------------- signing


def sign(page: TranscriptPage) -> None:
    """Ký số: one signer for the awaiting transcripts among the target rows; the PIN once."""
    rows = [r for r in page.target_rows() if r.version and r.version.state == State.AWAITING]
    if not rows or page.abilities is None:
        return
    with page.ctx.db.read(page.ctx.actor) as s:
        profile = school.get_profile(s)
    school_name = profile.name if profile is not None else ""
    setup = SignDialog.ask(page, page.abilities.sign, page.ctx.user.full_name, school_name)
    if setup is None:
        return
    secret = SecretDialog.ask(page, setup.secret_prompt)
    if secret is None:
        return
    items = [Item(r.version.id, _label(r)) for r in rows if r.version is not None]
    ctx = page.ctx

    def job(progress: Progress) -> Signed:
        signer = setup.signer(lambda: secret)
        try:
            return Signed(sign_many(ctx.db, ctx.actor, items, signer, setup.who, progress),
                          len(items))  # fmt: skip
        finally:
            close = getattr(signer, "close", None)
            if close is not None:
                close()

    role = SIGNER_LABELS[setup.who.role]
    ops.run(page, job, lambda result: _signed(page, result),
            label=page.tr("Đang ký số ({role})…").format(role=role))  # fmt: skip


def _signed(page: TranscriptPage, result: Signed) -> None:
    out = result.outcome
    text = page.tr("Đã ký {n}/{total} học bạ.").format(n=out.signed, total=result.total)
    if out.cancelled:
        text += " " + page.tr("Đợt ký đã dừng theo yêu cầu.")
    if not out.failures:
        show_status(page, text)
        Notice.ask(page, page.tr("Ký số"), text)
        return
    lines = [f"• {label}: {why}" for label, why in out.failures]
    Notice.ask(page, page.tr("Ký số"), text + "\n\n" + page.tr("Chưa ký được:") + "\n"
               + "\n".join(lines), warning=True)  # fmt: skip


# ---------------------------------------------------------------- copies, extras, lists


def copies(page: TranscriptPage) -> None:
    """Cấp bản sao, trích lục of the selected issued transcript."""
    rows = page.selected_rows()
    if len(rows) == 1 and rows[0].version is not None:
        CopiesDialog.ask(page, page.ctx, rows[0])


def edit_extras(page: TranscriptPage) -> None:
    """Bổ sung thông tin of the selected student."""
    rows, group = page.selected_rows(), page.current_class()
    if len(rows) != 1 or group is None or page.abilities is None:
        return
    row = rows[0]
    student = Student(row.student_id, row.school_year, row.full_name, group.primary)
    ExtrasDialog.ask(page, page.ctx, student, editable=not page.abilities.prepare)


def reissue_list(page: TranscriptPage) -> None:
    """The school's "cần cấp lại" list."""
    ReissueDialog.ask(page, page.ctx, page.current_year())


def verify(page: TranscriptPage) -> None:
    """Kiểm tra tệp học bạ."""
    VerifyDialog.ask(page, page.ctx)


# ---------------------------------------------------------------- preview and export


def preview(page: TranscriptPage) -> None:
    """Xem trước: the selected student's PDF, drawn in the app."""
    rows = page.selected_rows()
    if len(rows) != 1 or rows[0].version is None:
        return
    row, vid, ctx = rows[0], rows[0].version.id, page.ctx

    def job(progress: Progress) -> list[PageImage]:
        with ctx.db.read(ctx.actor) as s:
            pdf = document(s, vid)
        return render_pages(pdf, progress=progress)

    title = page.tr("Học bạ {name} — năm học {year}").format(name=row.full_name,
                                                          year=row.school_year)  # fmt: skip
    ops.run(page, job, lambda pages: PreviewDialog.ask(page, title, pages),
            label=page.tr("Đang dựng bản xem trước…"))  # fmt: skip


def _file_name(row: TranscriptRow, ext: str) -> str:
    number = row.version.number if row.version else 0
    return (
        f"hoc-ba_{slug(row.student_code)}_{slug(row.full_name)}_{row.school_year}_v{number}.{ext}"
    )


def _destinations(page: TranscriptPage, ext: str, kind: str) -> list[tuple[TranscriptRow, Path]]:
    """Where each file goes: a file chosen for one student, a folder for several."""
    rows = [r for r in page.target_rows() if r.version is not None]
    if not rows:
        return []
    if len(rows) == 1:
        dest = SaveFileDialog.ask(page, page.tr("Lưu học bạ"), Path.home() / _file_name(rows[0], ext),
                                  kind)  # fmt: skip
        return [(rows[0], dest)] if dest is not None else []
    folder = FolderDialog.ask(page, page.tr("Chọn thư mục lưu {n} học bạ").format(n=len(rows)),
                              Path.home())  # fmt: skip
    return [(r, folder / _file_name(r, ext)) for r in rows] if folder is not None else []


def export_pdf(page: TranscriptPage) -> None:
    """Xuất PDF: each transcript as the signed file if signed, else drawn; whole or not at all.
    For the whole class (nobody selected) one file to print is offered too."""
    if not page.selected_rows() and len(page.rows()) > 1:
        kind = print_action.ask_kind(page)
        if kind is None:
            return
        if kind is print_action.PdfKind.PRINT_FILE:
            print_action.print_class(page)
            return
    targets = _destinations(page, "pdf", page.tr("Tệp PDF (*.pdf)"))
    ctx, step = page.ctx, page.tr("Đang xuất học bạ ra PDF")

    def job(progress: Progress) -> list[Path]:
        written = []
        for n, (row, dest) in enumerate(targets):
            check_cancel(progress)
            progress.update(n, len(targets), step, "học bạ")
            assert row.version is not None
            with ctx.db.read(ctx.actor) as s:
                pdf = document(s, row.version.id)
            written.append(write_pdf(pdf, dest))
        return written

    if targets:
        ops.run(page, job, lambda paths: _written(page, paths), label=page.tr("Đang xuất PDF…"))


def export_json(page: TranscriptPage) -> None:
    """Xuất JSON: the structured export (truongso.transcript/1) of each transcript."""
    targets = _destinations(page, "json", page.tr("Tệp JSON (*.json)"))
    ctx, step = page.ctx, page.tr("Đang xuất dữ liệu học bạ")

    def job(progress: Progress) -> list[Path]:
        written = []
        for n, (row, dest) in enumerate(targets):
            check_cancel(progress)
            progress.update(n, len(targets), step, "học bạ")
            assert row.version is not None
            with ctx.db.read(ctx.actor) as s:
                text = export.dumps(export.export_version(s, ctx.actor, row.version.id))
            written.append(write_pdf(text.encode("utf-8"), dest))
        return written

    if targets:
        ops.run(page, job, lambda paths: _written(page, paths), label=page.tr("Đang xuất JSON…"))


def _written(page: TranscriptPage, paths: list[Path]) -> None:
    if not paths:
        return
    where = paths[0] if len(paths) == 1 else paths[0].parent
    show_status(page, page.tr("Đã lưu {n} tệp vào {where}.").format(n=len(paths), where=where))
