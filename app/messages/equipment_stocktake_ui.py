"""Texts of the "Kiểm kê" tab of the Thiết bị page (``ui.equipment.stocktake_tab``)."""

from __future__ import annotations


class STOCKTAKE_UI_MSG:  # noqa: N801  (a namespace of texts, named like the other modules')
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    no_right = "Chỉ cán bộ phụ trách thiết bị (hoặc quản trị) được mở phiên, quét và áp dụng."
    applied_read_only = "Phiên này đã áp dụng vào sổ; chỉ xem và in biên bản."
    select_first = "Chọn một phiên kiểm kê trong danh sách."
    opened = "Đã mở phiên kiểm kê số {number} ({scope}). Quét nhãn thiết bị vào ô quét."
    resumed = "Phiên kiểm kê số {number} ({scope}): tiếp tục quét, đã có {scans} lượt quét."
    counts = "Đã quét: {codes} mã ({scans} lượt) · theo sổ: {expected} thiết bị"
    counts_closed = "Đã kết thúc: {codes} mã ({scans} lượt) · theo sổ: {expected} thiết bị"
    choose_room = "Chọn phòng đang kiểm kê (phiên toàn trường) rồi quét."
    applied = "Đã áp dụng phiên kiểm kê số {number}: {n} thiết bị được cập nhật trong sổ."
    record_written = "Đã ghi biên bản kiểm kê: {path}"
    nothing_to_tick = "Mọi thiết bị theo sổ đã được quét hoặc đánh dấu."
    confirm_title = "Áp dụng kết quả kiểm kê"
    confirm_text = (
        "Áp dụng phiên kiểm kê số {number} ({scope}) vào sổ thiết bị:\n"
        "• {missing} thiết bị không tìm thấy sẽ ghi tình trạng «Thất lạc»;\n"
        "• {conditions} thiết bị được ghi tình trạng mới;\n"
        "• {wrong} thiết bị ở phòng khác: {moved}.\n\n"
        "Sau khi áp dụng, phiên chỉ còn để xem và in biên bản."
    )
    moved_yes = "chuyển sổ về phòng thực tế"
    moved_no = "giữ nguyên phòng theo sổ"
    category_counts = "{label} ({n})"
    line_wrong_room = "{code} — {name}: theo sổ {room}, tìm thấy ở {found}"
    line_missing = "{code} — {name} ({room})"
    line_condition = "{code} — {name}: {before} → {after}"
    line_plain = "{code} — {name}"
    line_unknown = "{code} — đọc ở {room}"
    preview_head = (
        "Phiên số {number} · {scope} · theo sổ {expected} thiết bị · {scans} lượt quét "
        "({duplicates} lượt trùng không tính)"
    )
