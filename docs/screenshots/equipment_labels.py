"""Pictures of the equipment label sheets (issue 11 §5), rendered from the PDF with pdftoppm.

    .venv/bin/python docs/screenshots/equipment_labels.py [--out DIR]

Writes, from 50 labels of typical items (short and long Vietnamese names, with and
without a room) of one school:

- ``DIR/equipment-labels-3x8.png``: the first sheet of 3 × 8 labels (70 × 37 mm) as printed
  on pre-cut label paper (no edges drawn);
- ``DIR/equipment-labels-4x10.png``: the first sheet of 4 × 10 labels (52,5 × 29,7 mm)
  started at position 5 (a sheet whose first row was used), with each label's edge drawn
  (a test print on plain paper);
- ``DIR/equipment-labels-detail.png``: the top left of that sheet at 200 dpi.

Default DIR: docs/screenshots.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.equipment.labels import LAYOUTS, Label, write_labels  # noqa: E402

SCHOOL = "Trường THCS Nguyễn Trãi — phường Thanh Xuân Trung, Hà Nội"
NAMES = [
    "Máy chiếu",
    "Kính hiển vi quang học 1000× có đèn LED và bộ tiêu bản mẫu sinh học lớp 10",
    "Bản đồ hành chính Việt Nam",
    "Tranh ảnh: Quá trình quang hợp ở thực vật",
    "Đàn phím điện tử (organ) Yamaha PSR-E373",
    "Cân đồng hồ 5 kg",
    "Mô hình cấu tạo tai người",
    "Bộ dụng cụ vẽ bảng: thước, com-pa, ê-ke",
    "Bộ thí nghiệm đo gia tốc rơi tự do",
]
ROOMS = [None, "Phòng bộ môn Vật lý", "Thư viện", None, "10A1"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args()
    labels = [
        Label(f"TB-{n:06d}", NAMES[n % len(NAMES)], SCHOOL, ROOMS[n % len(ROOMS)])
        for n in range(1, 51)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        pdf_38, pdf_410 = Path(tmp) / "3x8.pdf", Path(tmp) / "4x10.pdf"
        write_labels(pdf_38, labels, LAYOUTS["3x8"])
        write_labels(pdf_410, labels, LAYOUTS["4x10"], start_at=5, outline=True)
        shots = [
            (pdf_38, "equipment-labels-3x8", ["-r", "80"]),
            (pdf_410, "equipment-labels-4x10", ["-r", "80"]),
            (pdf_410, "equipment-labels-detail", ["-r", "200", "-W", "1240", "-H", "720"]),
        ]
        for pdf, name, options in shots:
            target = args.out / name
            subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", "1", "-singlefile", *options,
                            str(pdf), str(target)], check=True)  # fmt: skip
            print(f"{target}.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
