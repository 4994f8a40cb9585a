"""Messages of the hub: ingesting schools' packages, receipts, enrolment (issue 10 §4)."""

from __future__ import annotations


class HUB_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    schema_version = (
        "Cơ sở dữ liệu máy chủ nhận do một phiên bản Trường Số mới hơn tạo (lược đồ {found}). "
        "Hãy cập nhật Trường Số ở máy chủ."
    )
    keys_broken = "Khóa của máy chủ nhận cất trên máy này bị hỏng ({name}); không dùng được."
    keys_missing = (
        "Máy này chưa có khóa của máy chủ nhận. Chạy «python main.py hub keys» để tạo, "
        "rồi gửi hồ sơ máy chủ cho các trường."
    )
    # Receipts' reasons (the school reads them)
    held_not_approved = (
        "Máy chủ chưa duyệt trường {school} (dấu vân tay khóa {fingerprint}). Gói được giữ lại, "
        "chưa áp dụng; hãy gọi cho cơ quan quản lý để đối chiếu dấu vân tay."
    )
    held_gap = (
        "Máy chủ chưa nhận các thay đổi số {first}–{last} (các gói trước gói này). Gói được "
        "giữ lại; hãy gửi lại các gói còn thiếu."
    )
    baseline_needed = (
        "Dữ liệu của trường đã được khôi phục (kỳ mới {epoch}); máy chủ cần nhận các gói của kỳ "
        "này từ số 1. Gói được giữ lại; hãy xuất lại toàn bộ các gói chưa được xác nhận."
    )
    held_unrelated = (
        "Gói này đến từ một cơ sở dữ liệu khác của trường {school} (không phải bản khôi phục "
        "của dữ liệu máy chủ đang giữ; kỳ {epoch}). Gói được giữ lại; cơ quan quản lý cần xác "
        "nhận với trường trước khi thay toàn bộ dữ liệu của trường."
    )
    new_start_unknown = "Máy chủ không giữ gói nào của trường {school} thuộc kỳ {epoch}."
    duplicate = "Máy chủ đã nhận các thay đổi số {first}–{last} trước đây; không áp dụng lại."
    superseded = (
        "Gói thuộc dữ liệu trước lần khôi phục của trường (kỳ {epoch}); máy chủ lưu lại để "
        "đối chiếu nhưng không áp dụng."
    )
    rejected = "Máy chủ không nhận gói: {detail}"
    manifest_bad = "phần mô tả gói (manifest) không khớp với gói: mục «{field}»"
    entity_unknown = (
        "gói có loại dữ liệu «{entity}» mà máy chủ chưa đọc được; hãy cập nhật Trường Số ở máy chủ"
    )
    entry_bad = "dòng thay đổi số {line} không đúng dạng (mục «{field}»)"
    blob_missing = "gói thiếu tệp đính kèm {sha256}"
    problem_missing_record = (
        "Máy chủ chưa có bản ghi này trước thay đổi «{event}»; đã lưu các trường được gửi."
    )
    unreadable = "Tệp {file} không đọc được như một gói dữ liệu: {detail}"
    # Enrolment and the operator
    school_unknown = "Máy chủ chưa nhận gói nào của trường {school}."
    approve_mismatch = (
        "Dấu vân tay {given} không khớp với khóa trong các gói của trường {school} "
        "({actual}). Không duyệt."
    )
    approved = "Đã duyệt trường {school} (dấu vân tay {fingerprint}); {held} gói đang chờ."
    package_unknown = "Máy chủ không có gói {package}."
