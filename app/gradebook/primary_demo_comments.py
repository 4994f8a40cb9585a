"""Short teacher comments (nhận xét) and class nominations for the primary demo (pure, seeded).

A comment is built from phrases typical of each subject: what the student does
well, what they do adequately, where they struggle, and one piece of advice,
chosen by the level the comment goes with ("Đọc to, rõ ràng; cần viết cẩn thận hơn.").
"""

from __future__ import annotations

import random

from app.grading.primary import SubjectLevel

Phrases = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]
"""(strengths, adequate, difficulties, advice), each a lower-case phrase without a full stop."""

SUBJECT_PHRASES: dict[str, Phrases] = {
    "Tiếng Việt": (
        ("đọc to, rõ ràng, diễn cảm", "viết đúng chính tả, chữ viết đẹp", "viết đoạn văn mạch lạc, dùng từ sinh động", "hiểu nội dung bài đọc, trả lời câu hỏi đầy đủ"),
        ("đọc khá lưu loát", "viết đúng mẫu chữ, trình bày sạch sẽ", "hiểu nội dung chính của bài đọc"),
        ("đọc còn chậm, đôi chỗ phải đánh vần", "viết còn sai nhiều lỗi chính tả", "câu văn còn lủng củng"),
        ("cần viết cẩn thận hơn", "cần luyện đọc to, rõ ràng hơn", "cần chú ý viết đúng chính tả", "cần đọc thêm sách để mở rộng vốn từ"),
    ),
    "Toán": (
        ("tính nhẩm nhanh, chính xác", "giải toán có lời văn thành thạo", "trình bày bài giải rõ ràng, khoa học", "nắm chắc kiến thức, vận dụng linh hoạt"),
        ("thực hiện được các phép tính cơ bản", "biết giải bài toán có lời văn đơn giản", "nắm được kiến thức cơ bản của bài học"),
        ("tính toán còn chậm, hay nhầm lẫn", "chưa biết cách trình bày bài giải", "chưa nắm chắc cách đặt tính"),
        ("cần cẩn thận hơn khi tính toán", "cần đọc kĩ đề trước khi làm bài", "cần luyện thêm dạng toán có lời văn", "cần kiểm tra lại kết quả sau khi làm bài"),
    ),
    "Ngoại ngữ 1": (
        ("phát âm chuẩn, mạnh dạn giao tiếp", "nhớ từ vựng tốt, nghe hiểu nhanh", "đọc và viết câu đúng mẫu"),
        ("nhớ được từ vựng cơ bản", "nghe hiểu được câu đơn giản", "tích cực tham gia trò chơi, bài hát tiếng Anh"),
        ("còn nhầm lẫn từ vựng", "phát âm chưa rõ", "còn ngại nói tiếng Anh"),
        ("cần luyện nói nhiều hơn", "cần ôn từ vựng thường xuyên", "cần mạnh dạn hơn khi giao tiếp"),
    ),
    "Đạo đức": (
        ("lễ phép với thầy cô, hòa nhã với bạn bè", "biết giúp đỡ bạn, thực hiện tốt nội quy lớp", "hiểu và thực hiện tốt các hành vi đạo đức đã học", "biết nhận lỗi và sửa lỗi"),
        ("thực hiện được các hành vi đạo đức đã học", "biết chào hỏi, lễ phép"),
        ("đôi khi chưa thực hiện đúng nội quy lớp", "chưa biết nhận lỗi khi làm sai"),
        ("cần mạnh dạn hơn khi chia sẻ", "cần thực hiện nội quy lớp tốt hơn", "cần biết nhường nhịn bạn bè"),
    ),
    "Tự nhiên và Xã hội": (
        ("hiểu biết tốt về gia đình, trường học và thiên nhiên", "quan sát tốt, nêu được nhận xét hay", "biết giữ vệ sinh cá nhân và bảo vệ môi trường"),
        ("nêu được nội dung chính của bài học", "biết quan sát tranh và trả lời câu hỏi"),
        ("còn lúng túng khi quan sát, mô tả", "chưa nêu được nội dung bài học"),
        ("cần mạnh dạn phát biểu hơn", "cần quan sát kĩ hơn", "cần liên hệ bài học với thực tế"),
    ),
    "Lịch sử và Địa lí": (
        ("nhớ tốt các sự kiện lịch sử đã học", "sử dụng lược đồ, bản đồ thành thạo", "kể lại câu chuyện lịch sử hấp dẫn"),
        ("nắm được các sự kiện chính", "biết chỉ một số địa danh trên bản đồ"),
        ("còn nhầm lẫn các sự kiện lịch sử", "chưa biết sử dụng bản đồ"),
        ("cần ôn lại các mốc thời gian", "cần luyện đọc bản đồ, lược đồ", "cần tìm hiểu thêm về quê hương"),
    ),
    "Khoa học": (
        ("vận dụng kiến thức vào thực tế tốt", "làm thí nghiệm cẩn thận, nêu kết luận đúng", "ham tìm hiểu thế giới tự nhiên"),
        ("nắm được kiến thức cơ bản của bài", "biết cùng nhóm làm thí nghiệm"),
        ("chưa nắm chắc kiến thức của bài", "còn lúng túng khi giải thích hiện tượng"),
        ("cần tích cực trao đổi với nhóm hơn", "cần liên hệ bài học với thực tế", "cần ôn bài thường xuyên"),
    ),
    "Tin học và Công nghệ": (
        ("sử dụng chuột, bàn phím thành thạo", "thực hành trên máy tính nhanh, đúng yêu cầu", "làm sản phẩm thủ công khéo léo, sáng tạo"),
        ("thực hiện được thao tác cơ bản trên máy tính", "hoàn thành sản phẩm theo hướng dẫn"),
        ("thao tác trên máy tính còn chậm", "sản phẩm thủ công chưa hoàn thiện"),
        ("cần luyện gõ bàn phím thêm", "cần làm theo đúng các bước hướng dẫn", "cần cẩn thận hơn khi thực hành"),
    ),
    "Giáo dục thể chất": (
        ("thực hiện động tác đúng, đẹp", "nhanh nhẹn, tích cực trong trò chơi vận động", "có ý thức tự tập luyện, sức bền tốt", "tập đều, đúng khẩu lệnh"),
        ("thực hiện được các động tác cơ bản", "tham gia tập luyện đầy đủ"),
        ("thực hiện động tác chưa đúng", "chưa tích cực tập luyện"),
        ("cần tập luyện thường xuyên hơn", "cần chú ý khẩu lệnh của giáo viên", "cần tích cực tham gia trò chơi"),
    ),
    "Âm nhạc": (
        ("hát đúng giai điệu, thuộc lời, biểu diễn tự tin", "vỗ tay, gõ đệm đúng nhịp", "cảm nhận tốt giai điệu bài hát", "mạnh dạn biểu diễn trước lớp"),
        ("hát được bài hát theo giai điệu", "biết gõ đệm theo nhịp"),
        ("hát chưa đúng giai điệu", "chưa thuộc lời bài hát"),
        ("cần mạnh dạn biểu diễn hơn", "cần luyện hát đúng nhịp", "cần học thuộc lời bài hát"),
    ),
    "Mĩ thuật": (
        ("vẽ đẹp, phối màu hài hòa", "sản phẩm sáng tạo, có nhiều ý tưởng", "biết giới thiệu sản phẩm của mình", "khéo tay, sản phẩm sạch đẹp"),
        ("hoàn thành sản phẩm theo yêu cầu", "biết sử dụng màu sắc"),
        ("sản phẩm chưa hoàn thành", "tô màu còn lem"),
        ("cần tô màu cẩn thận hơn", "cần mạnh dạn thể hiện ý tưởng", "cần giữ gìn đồ dùng học tập"),
    ),
    "Hoạt động trải nghiệm": (
        ("tích cực, chủ động trong các hoạt động của lớp", "hợp tác tốt với bạn khi làm việc nhóm", "mạnh dạn chia sẻ trước tập thể", "có nhiều ý tưởng hay cho hoạt động chung"),
        ("tham gia đầy đủ các hoạt động", "biết hợp tác với bạn"),
        ("còn rụt rè khi tham gia hoạt động", "chưa chủ động trong hoạt động nhóm"),
        ("cần mạnh dạn, tự tin hơn", "cần chủ động chia sẻ với bạn", "cần tích cực tham gia hoạt động tập thể"),
    ),
}  # fmt: skip
GENERIC_PHRASES: Phrases = (
    ("nắm vững kiến thức, kĩ năng của môn học", "tích cực, tự giác trong học tập"),
    ("nắm được kiến thức cơ bản", "hoàn thành các nhiệm vụ học tập"),
    ("chưa nắm chắc kiến thức", "còn chậm hoàn thành nhiệm vụ học tập"),
    ("cần chú ý nghe giảng hơn", "cần ôn bài thường xuyên"),
)
KEEP_GOING = ("tiếp tục phát huy", "rất đáng khen", "cần phát huy hơn nữa")
FAMILY_HELP = "gia đình cần quan tâm, kèm cặp thêm"
ACHIEVEMENTS = (
    "Đạt giải Nhì Hội thi Viết chữ đẹp cấp huyện.",
    "Đạt giải Ba Giao lưu Tiếng Anh cấp huyện.",
    "Đạt giải Nhất Hội thi Kể chuyện theo sách cấp trường.",
    "Nhặt được của rơi trả người đánh mất, được Liên đội tuyên dương.",
    "Tích cực giúp đỡ bạn cùng tiến bộ, được tập thể lớp bình chọn.",
    "Đạt giải Ba môn Cờ vua Hội khỏe Phù Đổng cấp trường.",
    "Gương mẫu, có nhiều đóng góp cho phong trào Kế hoạch nhỏ của Liên đội.",
)


def _sentence(*parts: str) -> str:
    """Parts joined by semicolons, the first letter capitalised, a full stop at the end."""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def comment(rng: random.Random, subject: str, level: SubjectLevel) -> str:
    """A short, varied comment on ``subject`` that fits ``level``."""
    strengths, adequate, difficulties, advice = SUBJECT_PHRASES.get(subject, GENERIC_PHRASES)
    parts: tuple[str, ...]
    if level is SubjectLevel.COMPLETED_WELL:
        first, second = rng.sample(strengths, 2)
        parts = (first, second) if rng.random() < 0.6 else (first, rng.choice(KEEP_GOING))
    elif level is SubjectLevel.COMPLETED:
        parts = (rng.choice(adequate), rng.choice(advice))
    else:
        parts = (rng.choice(difficulties), rng.choice(advice), FAMILY_HELP)
    if rng.random() < 0.3:
        parts = (f"em {parts[0]}", *parts[1:])
    return _sentence(*parts)


def achievement(rng: random.Random) -> str:
    """What the class recognises a nominated student for (TT27 Điều 15)."""
    return rng.choice(ACHIEVEMENTS)
