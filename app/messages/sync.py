"""Messages of sync: the school's signing key, the hub profile, package and receipt files."""

from __future__ import annotations


class SYNC_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    # The school's signing key (app/sync/school_key.py)
    school_key_broken = (
        "Khóa ký gói dữ liệu của trường {code} cất trên máy này bị hỏng, không dùng được. "
        "Hãy báo cán bộ công nghệ thông tin."
    )

    # The hub profile (app/sync/hub_profile.py)
    hub_profile_unreadable = "Không đọc được tệp hồ sơ máy chủ nhận {path}: {reason}."
    hub_profile_not_json = (
        "Tệp {path} không phải tệp hồ sơ máy chủ nhận của Trường Số (nội dung không đúng dạng)."
    )
    hub_profile_field = (
        "Tệp hồ sơ máy chủ nhận {path} có mục «{label}» ({field}) bị thiếu hoặc sai. "
        "Tệp có thể đã bị sửa; hãy xin lại tệp từ cơ quan quản lý."
    )
    hub_profile_version = (
        "Tệp hồ sơ máy chủ nhận {path} thuộc phiên bản {version}, phần mềm này chưa đọc được. "
        "Hãy cập nhật Trường Số."
    )
    hub_profile_expired = (
        "Hồ sơ máy chủ nhận «{name}» đã hết hạn từ ngày {valid_until}. "
        "Hãy xin tệp hồ sơ mới từ cơ quan quản lý."
    )
    hub_profile_fingerprint_mismatch = (
        "Dấu vân tay đã xác nhận ({confirmed}) không khớp với hồ sơ máy chủ nhận ({actual}). "
        "Chưa lưu hồ sơ."
    )
    hub_profile_missing = (
        "Máy này chưa có hồ sơ máy chủ nhận. Hãy nhập tệp hồ sơ do cơ quan quản lý gửi."
    )
    hub_profile_stored_broken = (
        "Hồ sơ máy chủ nhận đã lưu trên máy này bị hỏng ({detail}). Hãy nhập lại tệp hồ sơ."
    )

    # Writing a package (app/sync/package_file.py)
    package_too_large = (
        "Gói dữ liệu dài {size} byte, quá giới hạn {cap} byte. Cần chia thành nhiều gói nhỏ hơn."
    )

    # Reading a package: every failure has its own message, nothing is applied
    package_unreadable = "Không đọc được gói dữ liệu {path}: {reason}."
    package_not_tspkg = "Tệp {path} không phải gói dữ liệu Trường Số (.tspkg)."
    package_version_old = (
        "Gói {path} thuộc định dạng cũ (phiên bản {version}) không còn được nhận. "
        "Trường cần cập nhật Trường Số rồi gửi lại."
    )
    package_version_new = (
        "Gói {path} thuộc định dạng mới hơn (phiên bản {version}) so với phần mềm này. "
        "Hãy cập nhật Trường Số ở máy nhận."
    )
    package_wrong_school_key = (
        "Gói {path} được ký bằng khóa khác (dấu vân tay {actual}), không phải khóa đã xác nhận "
        "của trường ({expected}). Không nhận gói này."
    )
    package_signature = (
        "Chữ ký của gói {path} không đúng: tệp đã bị sửa, bị hỏng hoặc chép chưa hết sau khi "
        "trường tạo ra. Không nhận gói này."
    )
    package_header_field = "Phần đầu của gói {path} có mục {field} bị thiếu hoặc sai."
    package_hash = (
        "Mã băm SHA-256 hoặc kích thước phần dữ liệu của gói {path} không khớp với phần đầu gói. "
        "Không nhận gói này."
    )
    package_wrong_hub_key = (
        "Gói {path} được mã hóa cho máy chủ nhận khác (dấu vân tay {actual}), "
        "không phải máy này ({expected})."
    )
    package_decryption = (
        "Không giải mã được gói {path}: dữ liệu bị hỏng hoặc khóa không đúng. Không nhận gói này."
    )
    package_zip = "Nội dung gói {path} không đúng dạng: {detail}. Không nhận gói này."
    package_zip_member = "tệp «{name}» không được phép có trong gói"
    package_zip_too_large = "nội dung giải nén vượt quá {limit} byte"
    package_zip_missing = "thiếu tệp «{name}»"
    package_zip_broken = "tệp nén bị hỏng"
    package_manifest = "tệp manifest.json không đúng dạng"
    package_blob_hash = (
        "Tệp đính kèm {sha256} trong gói {path} không khớp mã băm của nó. Không nhận gói này."
    )

    # Receipts (app/sync/receipt_file.py)
    receipt_unreadable = "Không đọc được biên nhận {path}: {reason}."
    receipt_format = "Biên nhận {path} không đúng dạng (mục {field}). Chưa đánh dấu gói nào."
    receipt_signature = (
        "Chữ ký của biên nhận {path} không đúng với hồ sơ máy chủ nhận: biên nhận bị sửa hoặc "
        "không do máy chủ này cấp. Chưa đánh dấu gói nào là đã nhận."
    )
