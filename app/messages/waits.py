"""Messages about waiting for another PC on a shared database (``app.db_waits``)."""

from __future__ import annotations


class WAITS_MSG:
    """Vietnamese message templates; use ``str.format`` with keyword fields."""

    waiting = "Đang chờ máy khác ghi xong dữ liệu…"
    lock_timeout = (
        "Máy khác đang ghi vào cơ sở dữ liệu chung và sau {seconds} giây vẫn chưa xong, nên "
        "thay đổi của bạn chưa được ghi. Hãy thử lại sau ít phút; nếu vẫn vậy, hãy xem máy kia "
        "có bị treo không."
    )
    sqlite_busy = (
        "Tệp dữ liệu đang bận vì một thao tác khác chưa ghi xong sau {seconds} giây, nên thay "
        "đổi của bạn chưa được ghi. Hãy thử lại sau ít phút."
    )
    statement_timeout = (
        "Máy chủ cơ sở dữ liệu làm việc này quá {seconds} giây chưa xong nên đã dừng lại; chưa "
        "có gì được ghi. Hãy thử lại; nếu vẫn vậy, hãy báo người quản trị máy chủ."
    )
    idle_killed = (
        "Máy này đã dừng quá {seconds} giây giữa lúc đang ghi, nên máy chủ đã hủy việc ghi để "
        "các máy khác không phải chờ; chưa có gì được ghi. Hãy làm lại thao tác vừa rồi."
    )
    connection_lost = (
        "Mất kết nối tới máy chủ cơ sở dữ liệu giữa chừng nên việc vừa rồi chưa xong; nếu đó "
        "là một thay đổi thì nó chưa được ghi. Hãy kiểm tra mạng rồi làm lại."
    )
