"""Messages of Excel import/export and printing (app/excel, app/printing, student import/export)."""

from __future__ import annotations


class EXCEL_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # Opening a workbook
    reading_file = "Đọc tệp {file}"
    file_missing = "Không tìm thấy tệp {file}."
    file_empty = "Tệp {file} rỗng (0 byte)."
    file_too_big = (
        "Tệp {file} quá lớn ({size} MB; tối đa {limit} MB). "
        "Hãy tách thành nhiều tệp nhỏ hơn, ví dụ mỗi khối lớp một tệp."
    )
    file_unzipped_too_big = (
        "Tệp {file} chứa quá nhiều dữ liệu: giải nén ra {size} MB, vượt giới hạn {limit} MB. "
        "Hãy tách thành nhiều tệp nhỏ hơn, ví dụ mỗi khối lớp một tệp."
    )
    file_too_many_cells = (
        "Trang tính “{sheet}” của tệp {file} trải trên {rows} dòng × {cols} cột ({cells} ô), "
        "vượt giới hạn {limit} ô. Nếu bảng thật nhỏ hơn thế, có thể có dữ liệu lạc ở một ô rất "
        "xa: hãy xóa các dòng, cột thừa ở cuối trang tính; nếu không, hãy tách thành nhiều tệp."
    )
    file_too_many_rows = (
        "Trang tính “{sheet}” của tệp {file} có {rows} dòng, vượt giới hạn {limit} dòng. "
        "Hãy tách thành nhiều tệp nhỏ hơn."
    )
    file_encrypted = (
        "Tệp {file} được đặt mật khẩu nên không đọc được. Hãy mở bằng Excel, gỡ mật khẩu "
        "(Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, để trống) rồi lưu lại."
    )
    file_xls_encrypted = (
        "Tệp {file} (Excel 97–2003, .xls) được đặt mật khẩu nên không đọc được. Hãy mở bằng "
        "Excel, nhập mật khẩu, gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng "
        "mật khẩu, để trống) rồi lưu lại và nhập tệp đó."
    )
    file_ods_encrypted = (
        "Tệp {file} (bảng tính OpenDocument .ods) được đặt mật khẩu nên không đọc được. Hãy mở "
        "bằng LibreOffice, nhập mật khẩu, chọn Tệp → Lưu thành, bỏ chọn “Lưu với mật khẩu” rồi "
        "lưu lại và nhập tệp đó."
    )
    file_text = (
        "Tệp {file} là tệp văn bản (CSV/TXT), không phải bảng tính Excel (.xlsx, .xls) hay "
        ".ods. Hãy mở bằng Excel rồi Lưu thành → “Excel Workbook (*.xlsx)”."
    )
    file_html = (
        "Tệp {file} thực ra là trang web (HTML) mang đuôi Excel, thường do phần mềm khác xuất ra. "
        "Hãy mở bằng Excel rồi Lưu thành → “Excel Workbook (*.xlsx)” và nhập tệp mới."
    )
    file_not_xlsx = (
        "Tệp {file} không phải là tệp Excel (.xlsx, .xls) hay bảng tính .ods (có thể là tệp "
        "khác bị đổi tên đuôi). Hãy chọn đúng tệp bảng tính."
    )
    file_not_sheet = (
        "Tệp {file} là tài liệu Office cũ khác (ví dụ Word .doc), không phải bảng tính Excel. "
        "Hãy chọn đúng tệp bảng tính (.xlsx, .xls hoặc .ods)."
    )
    file_other_zip = (
        "Tệp {file} là tệp nén hoặc tài liệu khác (không phải bảng tính Excel hay .ods). "
        "Hãy chọn đúng tệp bảng tính."
    )
    file_corrupt = (
        "Tệp {file} bị hỏng, không đọc được ({detail}). Hãy mở thử bằng Excel; nếu Excel "
        "sửa được, hãy lưu lại thành tệp mới rồi nhập."
    )
    file_unreadable = "Không đọc được tệp {file}: {detail}"
    unreadable_content = "nội dung bảng tính không đọc được"
    no_sheets = "Tệp {file} không có trang tính nào có dữ liệu."
    no_header = (
        "Không tìm thấy dòng tiêu đề cột trong tệp {file}. Dòng tiêu đề phải có ít nhất "
        "các cột: {required}. Hãy dùng tệp mẫu hoặc sửa tên cột cho khớp."
    )
    missing_columns = (
        "Trang tính “{sheet}” của tệp {file} thiếu cột bắt buộc: {columns} "
        "(dòng tiêu đề là dòng {row})."
    )
    legacy_found = (
        "Có {n} ô chữ gõ theo bảng mã cũ ({encodings}). Xem từng ô trước → sau rồi chọn "
        "chuyển sang Unicode hoặc giữ nguyên."
    )
    legacy_converting = "Đã chọn chuyển {n} ô chữ bảng mã cũ ({encodings}) sang Unicode."
    legacy_keeping = "Đã chọn giữ nguyên {n} ô chữ bảng mã cũ ({encodings}), không chuyển."
    legacy_doubts = (
        "{n} ô trong cột gõ bảng mã cũ vẫn là chữ Unicode hợp lệ nên được giữ nguyên "
        "(không chắc chắn, hãy xem lại)."
    )
    legacy_kept_here = (
        "Trang tính “{sheet}”: {n} ô có vẻ gõ theo bảng mã {encoding} được giữ nguyên, không "
        "tự chuyển (ví dụ dòng {row}, cột “{column}”: “{before}”, nếu chuyển sẽ là “{after}”). "
        "Nếu đúng là bảng mã cũ, hãy chuyển tệp sang Unicode (Unikey: Công cụ chuyển mã) rồi "
        "nhập lại."
    )
    legacy_conversion = "{where}: “{before}” → “{after}” ({encoding})"
    legacy_doubt = "{where}: giữ nguyên “{text}” (nếu đọc theo {encoding} sẽ thành “{after}”)"
    legacy_choice_needed = (
        "Tệp {file} có {n} ô chữ gõ theo bảng mã cũ ({encodings}). Chưa ghi gì: hãy xem "
        "danh sách chuyển mã rồi chọn chuyển sang Unicode hoặc giữ nguyên."
    )
    legacy_choice_needed_cli = (
        "Chưa ghi gì: tệp có {n} ô chữ bảng mã cũ ({encodings}). Xem danh sách trên rồi chạy "
        "lại với --convert-legacy để chuyển sang Unicode, hoặc --keep-legacy-text để giữ nguyên."
    )
    id_column_decided = (
        "Trang tính “{sheet}”: cột “{header}” được hiểu là {what} ({ten} ô 10 chữ số dạng chữ, "
        "{twelve} ô 12 chữ số)."
    )
    columns_ignored = "Trang tính “{sheet}”: {n} cột không được nhập (bỏ qua): {columns}."
    column_ignored = "bỏ qua"
    row_skipped = "Trang tính “{sheet}”, dòng {row}: “{text}” ({kind})"
    rows_skipped = (
        "Trang tính “{sheet}”: bỏ qua {n} dòng không phải học sinh (tiêu đề, dòng phụ, tổng "
        "cộng, tiêu đề cột lặp lại, dòng nối ô gộp); xem danh sách dòng bỏ qua."
    )
    sheet_not_found = "Tệp {file} không có trang tính “{sheet}”. Các trang tính có: {sheets}."
    sheet_without_key = (
        "Trang tính “{sheet}”: bỏ qua vì bảng (tiêu đề ở dòng {row}) không có cột {columns}."
    )
    sheet_not_chosen = "không chọn"
    sheet_no_header = "không có dòng tiêu đề cột"
    sheet_no_key_column = "không có cột {columns}"
    formula_without_value = (
        "ô có công thức nhưng tệp không lưu kết quả (tệp do phần mềm khác tạo), nên đọc ra "
        "trống; hãy mở tệp bằng Excel, lưu lại rồi nhập"
    )
    map_syntax = (
        "“{value}”: hãy ghi dạng “Tiêu đề cột=Thông tin”, ví dụ “SĐT ông bà=SĐT người giám hộ”."
    )
    map_unknown = (
        "Không gán được cột “{header}” vào “{field}”: không có thông tin đó. Chọn một trong: "
        "{choices}."
    )
    sheet_skipped = "Trang tính “{sheet}”: bỏ qua vì không có dòng tiêu đề cột."

    # Cells
    id_not_digits = "số định danh chỉ gồm chữ số"
    id_wrong_length = "số định danh phải có 12 chữ số (đang có {n})"
    id_zero_restored = "đã khôi phục số 0 ở đầu bị mất: {value} → {fixed}"
    id_zero_unrecoverable = (
        "số {value} bị mất số 0 ở đầu (ô định dạng số) nhưng không khôi phục được vì "
        "mã tỉnh không hợp lệ; hãy nhập lại dạng văn bản đủ 12 chữ số"
    )
    phone_invalid = "số điện thoại “{value}” không hợp lệ (cần 10 chữ số, bắt đầu bằng 0)"
    date_invalid = "không đọc được ngày; hãy ghi dạng dd/mm/yyyy, ví dụ 05/09/2013"
    date_nonexistent = "ngày {value} không có thật"
    required_missing = "bắt buộc phải có"
    sex_invalid = "giới tính chỉ nhận Nam hoặc Nữ"
    ethnicity_unknown = "không có trong danh mục 54 dân tộc"
    class_unknown = "lớp {value} chưa có trong năm học {year}; hãy tạo lớp trước"
    class_missing = "không xác định được lớp (không có cột Lớp, tên trang tính hay tiêu đề lớp)"
    name_from_parts = "ghép từ cột Họ đệm và cột Tên"
    duplicate_in_file = "trùng với dòng {row} của trang tính “{sheet}” trong cùng tệp"

    # Where a problem is
    location = "Trang tính “{sheet}”, dòng {row}, cột “{column}”"
    problem = "{where}: “{value}” — {reason}"
    problem_no_value = "{where}: {reason}"

    # Import summary
    preview_summary = (
        "Tệp {file}: {total} dòng dữ liệu — thêm mới {insert}, cập nhật {update}, "
        "không đổi {unchanged}, bị từ chối {rejected}, có cảnh báo {warnings}."
    )
    import_done = (
        "Đã nhập {file}: thêm mới {insert}, cập nhật {update}, không đổi {unchanged}. "
        "Bị từ chối {rejected} dòng (không ghi)."
    )
    import_no_changes = "Tệp {file}: không có gì thay đổi so với dữ liệu đã có; không ghi gì."
    import_dry_run = "Chạy thử: chưa ghi gì vào cơ sở dữ liệu."
    import_nothing = "Không có dòng nào được ghi vì có dòng bị từ chối."
    rejected_written = "Đã ghi {n} dòng bị từ chối (kèm cột Lý do) vào {path}."
    reason_header = "Lý do"
    import_has_rejected = (
        "Tệp {file} có {n} dòng bị từ chối nên chưa ghi gì. Hãy sửa các dòng đó (có thể tải "
        "tệp các dòng bị từ chối kèm lý do), hoặc chọn chỉ nhập các dòng hợp lệ."
    )
    reason_needed = (
        "{n} dòng cần xác nhận (số định danh không khớp ngày sinh hoặc giới tính, số định danh "
        "được thêm số 0 ở đầu, hoặc họ tên chỉ có một từ). Để giữ nguyên, hãy ghi lý do (dòng "
        'lệnh: --reason "…"); hoặc sửa tệp rồi nhập lại. Dòng đầu tiên: {first}'
    )
    import_reason = "Nhập danh sách học sinh từ tệp {file}"
    same_person_in_file = (
        "cùng họ tên và ngày sinh với dòng {row} (trang tính “{sheet}”), không có số định danh; "
        "hãy kiểm tra có phải một học sinh bị nhập hai lần"
    )

    # Writing files
    write_failed = "Không ghi được tệp {path}: {detail}"
    export_no_rows = "Không có học sinh nào để xuất ({scope})."
    class_not_found = "Không tìm thấy lớp {name} trong năm học {year}."

    # Printing
    font_missing = "Thiếu phông chữ {path}; hãy cài lại phần mềm."
    place_date = "{place}, ngày {day} tháng {month} năm {year}"
    place_date_blank = "{place}, ngày …… tháng …… năm ………"
    page_number = "{n}"
