"""Realistic, deterministic demo students for the demo schools in Thanh Hóa (pure generator).

Family names follow their rough national shares (Nguyễn about 38 %); middle
and given names depend on sex; ethnic minorities common in western Thanh Hóa
(Mường, Thái, Mông, Dao, Tày) get family and given names typical of them.
Personal IDs agree with the birth date and sex; a few students have none.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from app.students.inputs import SEX_FEMALE, SEX_MALE, StudentInput
from app.students.validation import make_personal_id

FAMILY_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.0),
    ("Hoàng", 4.0),
    ("Huỳnh", 1.1),
    ("Vũ", 2.5),
    ("Võ", 1.4),
    ("Phan", 4.5),
    ("Trương", 1.5),
    ("Bùi", 2.0),
    ("Đặng", 2.1),
    ("Đỗ", 1.4),
    ("Ngô", 1.3),
    ("Hồ", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.8),
    ("Mai", 0.6),
    ("Trịnh", 0.8),
    ("Lương", 0.4),
    ("Cao", 0.4),
    ("Lưu", 0.3),
    ("Tô", 0.3),
)
MIDDLE = {
    SEX_MALE: ("Văn", "Văn", "Văn", "Minh", "Đức", "Quang", "Hữu", "Thành", "Xuân", "Gia", "Anh", "Ngọc", "Đình", "Trung", "Công"),
    SEX_FEMALE: ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Phương", "Bảo", "Hồng", "Khánh", "Mai", "Diệu", "Hà", "Kim"),
}  # fmt: skip
GIVEN = {
    SEX_MALE: ("An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Hải", "Hào", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ"),
    SEX_FEMALE: ("An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hân", "Hằng", "Hạnh", "Hiền", "Hoa", "Huyền", "Hương", "Lan", "Linh", "Loan", "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhi", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Trâm", "Uyên", "Vân", "Vy", "Xuân", "Yến"),
}  # fmt: skip
# (ethnicity, share in %, typical family names, naming style)
MINORITIES = (
    ("Mường", 18.0, ("Bùi", "Quách", "Đinh", "Hà", "Phạm", "Trương"), None),
    ("Thái", 6.0, ("Hà", "Lò", "Lương", "Vi", "Cầm", "Lộc"), None),
    ("Mông", 1.5, ("Giàng", "Thào", "Vừ", "Lầu", "Sùng", "Mùa"), "mong"),
    ("Dao", 1.0, ("Triệu", "Bàn", "Lý", "Đặng"), None),
    ("Tày", 1.0, ("Hoàng", "Nông", "Lục", "Ma"), None),
)
MONG_GIVEN = {
    SEX_MALE: ("A Páo", "A Dính", "A Sử", "A Chư", "A Lử", "A Tủa"),
    SEX_FEMALE: ("Thị Mỷ", "Thị Dợ", "Thị Sua", "Thị Pà", "Thị Xó"),
}
COMMUNES = (
    "Xã Ngọc Lặc",
    "Xã Minh Sơn",
    "Xã Thạch Lập",
    "Xã Ngọc Liên",
    "Xã Nguyệt Ấn",
    "Xã Kiên Thọ",
    "Xã Lam Sơn",
    "Xã Thọ Xuân",
    "Xã Cẩm Thủy",
    "Phường Hạc Thành",
)
VILLAGES = ("Thôn", "Làng", "Khu phố")
OTHER_PROVINCES = ("001", "037", "040", "036", "079")
PHONE_PREFIXES = ("032", "033", "034", "035", "036", "037", "038", "039", "086", "096", "097", "098", "091", "094", "088", "070", "076", "077", "078", "079", "081", "082", "083", "084", "085", "056", "058")  # fmt: skip


class DemoNames:
    """A seeded source of Vietnamese names, IDs, phones and addresses."""

    def __init__(self, seed: int = 2025) -> None:
        self.rng = random.Random(seed)
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self._families = [f for f, _ in FAMILY_WEIGHTS]
        self._family_weights = [w for _, w in FAMILY_WEIGHTS]

    def ethnicity(self) -> tuple[str, tuple[str, ...] | None, str | None]:
        """Kinh most of the time; otherwise a minority with its family names."""
        r = self.rng.uniform(0, 100)
        for name, weight, families, style in MINORITIES:
            if r < weight:
                return name, families, style
            r -= weight
        return "Kinh", None, None

    def name(
        self, sex: str, families: tuple[str, ...] | None = None, style: str | None = None
    ) -> tuple[str, str]:
        """(family name, rest of the name) for a person of ``sex``."""
        family = (
            self.rng.choice(families)
            if families
            else self.rng.choices(self._families, self._family_weights)[0]
        )
        if style == "mong":
            return family, self.rng.choice(MONG_GIVEN[sex])
        middle = self.rng.choice(MIDDLE[sex])
        given = self.rng.choice(GIVEN[sex])
        while given == middle:
            given = self.rng.choice(GIVEN[sex])
        return family, f"{middle} {given}"

    def phone(self) -> str:
        """A unique ten-digit mobile number."""
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"
            if number not in self.used_phones:
                self.used_phones.add(number)
                return number

    def personal_id(self, dob: date, sex: str) -> str:
        """A unique ID agreeing with the date and sex; born in Thanh Hóa (038) mostly."""
        province = "038" if self.rng.random() < 0.95 else self.rng.choice(OTHER_PROVINCES)
        while True:
            pid = make_personal_id(province, dob, sex, self.rng.randrange(10**6))
            if pid not in self.used_ids:
                self.used_ids.add(pid)
                return pid

    def address(self) -> tuple[str, str]:
        """(commune, detail) in Thanh Hóa."""
        commune = self.rng.choice(COMMUNES)
        return commune, f"{self.rng.choice(VILLAGES)} {self.rng.randint(1, 12)}"

    def birth_date(self, grade: int, year_start: int) -> date:
        """A birth date typical of ``grade`` (a few students a year older)."""
        year = year_start - (grade + 5) - (1 if self.rng.random() < 0.04 else 0)
        return date(year, 1, 1) + timedelta(days=self.rng.randrange(365))


def _health(names: DemoNames, age: int) -> tuple[float, float]:
    height = round(names.rng.gauss(110 + 6 * (age - 6), 6), 1)
    bmi = names.rng.gauss(18.5, 2.2)
    return height, round(bmi * (height / 100) ** 2, 1)


def demo_student(names: DemoNames, class_name: str, grade: int, year_start: int) -> StudentInput:
    """One realistic student of ``class_name``, with parents (sometimes a guardian)."""
    rng = names.rng
    sex = SEX_MALE if rng.random() < 0.515 else SEX_FEMALE
    ethnicity, families, style = names.ethnicity()
    family, rest = names.name(sex, families, style)
    dob = names.birth_date(grade, year_start)
    pid = names.personal_id(dob, sex) if rng.random() < 0.96 else ""
    commune, detail = names.address()
    father = mother = guardian = ""
    father_phone = mother_phone = guardian_phone = ""
    if rng.random() < 0.92:
        father = f"{family} {names.name(SEX_MALE, families, style)[1]}"
        father_phone = names.phone()
    if rng.random() < 0.96:
        mother = " ".join(names.name(SEX_FEMALE, families, style))
        mother_phone = names.phone() if rng.random() < 0.9 else ""
    if not father and not mother or rng.random() < 0.02:
        guardian = " ".join(names.name(rng.choice((SEX_MALE, SEX_FEMALE))))
        guardian_phone = names.phone()
    height, weight = _health(names, year_start - dob.year)
    consent_by = father or mother or guardian
    return StudentInput(
        full_name=f"{family} {rest}",
        date_of_birth=dob,
        sex="Nam" if sex == SEX_MALE else "Nữ",
        personal_id=pid,
        ethnicity=ethnicity,
        class_name=class_name,
        place_of_birth="Thanh Hóa" if pid.startswith("038") or not pid else "",
        hometown=f"{commune}, Thanh Hóa",
        address=detail,
        address_province="Thanh Hóa",
        address_commune=commune,
        father_name=father,
        father_phone=father_phone,
        mother_name=mother,
        mother_phone=mother_phone,
        guardian_name=guardian,
        guardian_phone=guardian_phone,
        notes="",
        religion="Không",
        nationality="Việt Nam",
        poverty=rng.choices(("", "ho_ngheo", "can_ngheo"), (92, 3, 5))[0],
        policy_group="Con hộ nghèo" if rng.random() < 0.02 else "",
        disability=rng.random() < 0.01,
        height_cm=height,
        weight_kg=weight,
        consent_given=bool(consent_by) and rng.random() < 0.9,
        consent_date=date(year_start, 9, 5) if consent_by else None,
        consent_by=consent_by,
    )


def class_plan(grades: list[int], students: int, size: int = 43) -> Iterator[tuple[str, int, int]]:
    """(class name, grade, number of students) spreading ``students`` over the grades."""
    per_grade, extra = divmod(students, len(grades))
    for i, grade in enumerate(grades):
        count = per_grade + (1 if i < extra else 0)
        n_classes = max(1, -(-count // size))
        base, rest = divmod(count, n_classes)
        for k in range(n_classes):
            letter = "A" if grade < 10 else "C"
            yield f"{grade}{letter}{k + 1}", grade, base + (1 if k < rest else 0)


PRIMARY_CLASS_LETTERS = "ABCDEGHIKLMN"
"""Primary classes are 1A, 1B, … (schools skip F, as the Vietnamese alphabet has none)."""


def primary_class_plan(
    grades: list[int], students: int, size: int = 35
) -> Iterator[tuple[str, int, int]]:
    """(class name, grade, number of students) for a primary school: 1A, 1B, … of at most ``size``."""
    per_grade, extra = divmod(students, len(grades))
    for i, grade in enumerate(grades):
        count = per_grade + (1 if i < extra else 0)
        n_classes = min(len(PRIMARY_CLASS_LETTERS), max(1, -(-count // size)))
        base, rest = divmod(count, n_classes)
        for k in range(n_classes):
            yield f"{grade}{PRIMARY_CLASS_LETTERS[k]}", grade, base + (1 if k < rest else 0)
