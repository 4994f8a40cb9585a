"""The guide shipped in resources/guide/: a section for every page, links and pictures that
resolve, button names as the screens write them, and Vietnamese text throughout."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from app import paths
from app.students.models import EVENT_LABELS
from ui.guide_viewer import PAGE_ANCHOR, guide_anchors, guide_file, section_for_page
from ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_GUIDE_BYTES = 3_000_000
# Words that would show an untranslated leftover; none of them is a Vietnamese word.
ENGLISH = frozenset((
    "the", "and", "of", "is", "are", "with", "for", "this", "that", "from", "your", "you",
    "click", "button", "page", "file", "files", "save", "open", "user", "users", "password",
    "settings", "setting", "backup", "restore", "import", "export", "guide", "help", "todo",
    "fixme", "screenshot", "select", "cancel", "next", "back", "finish", "login", "logout",
    "error", "warning", "please", "note", "lorem", "ipsum", "here", "see", "also",
))  # fmt: skip


class GuideParser(HTMLParser):
    """The ids, links, pictures, bold phrases and visible text of the guide."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.bold: list[str] = []
        self.text: list[str] = []
        self._skip = 0
        self._bold: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "img":
            self.images.append(str(found.get("src") or ""))
            self.text.append(str(found.get("alt") or ""))
        if tag in ("style", "script", "code"):  # commands are typed as they are
            self._skip += 1
        if tag == "b":
            self._bold = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "code"):
            self._skip -= 1
        if tag == "b" and self._bold is not None:
            self.bold.append(" ".join("".join(self._bold).split()))
            self._bold = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._bold is not None:
            self._bold.append(data)


def parsed() -> GuideParser:
    parser = GuideParser()
    parser.feed(guide_file().read_text(encoding="utf-8"))
    return parser


def test_guide_ships_in_resources() -> None:
    """The guide is found where the window and the bundle look for it (resources/, packaged whole)."""
    assert guide_file() == paths.resource("guide", "index.html")
    assert guide_file().is_file()
    spec = (ROOT / "packaging" / "truongso.spec").read_text(encoding="utf-8")
    assert 'data_tree("resources")' in spec


def test_every_page_has_a_section() -> None:
    """F1 on any page of the window opens that page's own section, never just the top."""
    missing = [p.key for p in PAGES if PAGE_ANCHOR.format(key=p.key) not in guide_anchors()]
    assert missing == [], (
        f"trang chưa có mục trong hướng dẫn: {missing}; thêm một mục có "
        'id="page-<key>" vào resources/guide/index.html (quyết định 035)'
    )
    assert section_for_page("students") == "page-students"
    assert section_for_page("khong-co-trang-nay") == ""


def test_ids_are_unique_and_links_resolve() -> None:
    """Every link goes to a section that exists (or a file beside the guide); no web links."""
    guide = parsed()
    assert len(guide.ids) == len(set(guide.ids)), "id trùng nhau"
    folder = guide_file().parent
    broken = []
    for href in guide.links:
        if href.startswith("#"):
            if href[1:] not in guide.ids:
                broken.append(href)
        elif "://" in href or href.startswith("mailto:"):
            broken.append(href)  # the guide is read offline
        elif not (folder / href.split("#")[0]).is_file():
            broken.append(href)
    assert len(guide.links) > 40
    assert broken == []


def test_images_exist_and_stay_small() -> None:
    """Every picture is a PNG beside the guide, and all of them together stay under 3 MB."""
    guide = parsed()
    folder = guide_file().parent
    assert len(guide.images) >= 12
    for src in guide.images:
        path = folder / src
        assert path.is_file(), src
        assert path.read_bytes()[:8] == PNG_MAGIC, src
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    assert total < MAX_GUIDE_BYTES


def test_button_names_are_the_screens_own() -> None:
    """A button or menu item the guide names with «…» is spelt as in the program's code."""
    sources = "\n".join(
        p.read_text(encoding="utf-8") for d in ("ui", "app") for p in (ROOT / d).rglob("*.py")
    )
    built = {label + "…" for label in EVENT_LABELS.values()}  # the Biến động menu adds "…"
    named = {b for b in parsed().bold if b.endswith("…")}
    assert len(named) > 20
    unknown = sorted(b for b in named if b not in built and b not in sources)
    assert unknown == []


def test_text_is_vietnamese() -> None:
    """The guide reads in Vietnamese: diacritics throughout and no English word left over."""
    text = " ".join(parsed().text)
    words = re.findall(r"[^\W\d_]+", text.lower())
    assert len(words) > 2000
    leftovers = sorted({w for w in words if w in ENGLISH})
    assert leftovers == []
    marked = [w for w in words if re.search(r"[^a-z]", w)]
    assert len(marked) / len(words) > 0.5  # Vietnamese: most words carry a diacritic
