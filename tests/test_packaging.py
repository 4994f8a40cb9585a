"""What the bundle leaves out (packaging/slim.py) and the trimmed ICU data (packaging/icu_data.py).

The spec's choices are checked on PyInstaller-shaped entry lists; the ICU library
is rebuilt from the one PySide6 installed, read back, and loaded in place of the
full one (LD_PRELOAD) to show Qt sorts, upper-cases and names time zones in
Vietnamese the same with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
import icu_data  # noqa: E402
import slim  # noqa: E402

QT = "PySide6/Qt"


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        (f"{QT}/plugins/platforms/libqxcb.so", True),
        (f"{QT}/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        (f"{QT}/plugins/platforms/libqwayland.so", False),
        (f"{QT}/plugins/platforms/libqvnc.so", False),
        (f"{QT}/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
        (f"{QT}/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", True),
        (f"{QT}/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", False),
        (f"{QT}/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
        (f"{QT}/plugins/imageformats/libqsvg.so", True),
        (f"{QT}/plugins/imageformats/libqjpeg.so", False),
        (f"{QT}/plugins/iconengines/libqsvgicon.so", True),
        (f"{QT}/plugins/platformthemes/libqgtk3.so", False),
        (f"{QT}/plugins/tls/libqopensslbackend.so", False),
        (f"{QT}/lib/libQt6Widgets.so.6", True),
        ("cryptography/hazmat/bindings/_rust.abi3.so", True),
    ],
)
def test_which_qt_plugins_stay(dest: str, kept: bool) -> None:
    """The platforms the app runs on, the input methods (how Vietnamese is typed on Linux; not
    the on-screen keyboard and the QML it needs), xcb's OpenGL glue and the SVG plugins stay;
    any other plugin goes; non-plugins stay."""
    assert slim.plugin_kept(dest) is kept


def test_qt_translations_go_our_own_stays() -> None:
    """Qt's translations are dropped; the app's Vietnamese one in resources/ is not."""
    datas = [
        (f"{QT}/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
        ("resources/i18n/qt_vi.qm", "/x/qt_vi.qm", "DATA"),
    ]
    binaries = [(f"{QT}/plugins/generic/libqevdevmouseplugin.so", "/x/m.so", "BINARY")]
    kept_binaries, kept_datas = slim.drop_qt_extras(binaries, datas)
    assert kept_binaries == [] and kept_datas == [datas[1]]


def test_only_what_something_kept_needs_stays() -> None:
    """Extensions, plugins and the interpreter are roots; a library stays when one of them
    needs it, directly or not; host libraries are never bundled, nor what only they need."""
    entries = [
        ("libpython3.11.so.1.0", "/s/libpython", "BINARY"),
        ("PySide6/QtCore.abi3.so", "/s/QtCore", "EXTENSION"),
        (f"{QT}/lib/libQt6Core.so.6", "/s/Qt6Core", "BINARY"),
        (f"{QT}/lib/libicuuc.so.73", "/s/icuuc", "BINARY"),
        (f"{QT}/plugins/platforms/libqxcb.so", "/s/qxcb", "BINARY"),
        (f"{QT}/lib/libQt6XcbQpa.so.6", "/s/XcbQpa", "BINARY"),
        ("libX11.so.6", "/s/X11", "BINARY"),
        ("libxcb.so.1", "/s/xcb", "BINARY"),
        ("libxcb-cursor.so.0", "/s/xcb-cursor", "BINARY"),
        ("libcairo.so.2", "/s/cairo", "BINARY"),  # was needed by a dropped theme plugin
    ]
    needs = {
        "/s/libpython": [],
        "/s/QtCore": ["libQt6Core.so.6"],
        "/s/Qt6Core": ["libicuuc.so.73", "libc.so.6"],
        "/s/qxcb": ["libQt6XcbQpa.so.6"],
        "/s/XcbQpa": ["libxcb-cursor.so.0", "libX11.so.6"],
        "/s/X11": ["libxcb.so.1"],
        "/s/xcb-cursor": [],
    }
    kept = slim.reachable(entries, lambda path: needs.get(path, []))
    assert [Path(e[0]).name for e in kept] == [
        "libpython3.11.so.1.0",
        "QtCore.abi3.so",
        "libQt6Core.so.6",
        "libicuuc.so.73",
        "libqxcb.so",
        "libQt6XcbQpa.so.6",
        "libxcb-cursor.so.0",
    ]
    links = [
        ("libX11.so.6", "libX11.so.6", "SYMLINK"),
        ("libicuuc.so.73", f"{QT}/lib/libicuuc.so.73", "SYMLINK"),
    ]
    assert slim.symlinks_to(links, kept) == [links[1]]


def test_python_uses_psycopgs_openssl() -> None:
    """The system OpenSSL 3 gives way to links to psycopg's copy; without that copy, nothing
    changes."""
    binaries = [
        ("libcrypto.so.3", "/usr/lib/libcrypto.so.3", "BINARY"),
        ("libssl.so.3", "/usr/lib/libssl.so.3", "BINARY"),
        ("psycopg_binary.libs/libcrypto-3a0647ea.so.3", "/v/c", "BINARY"),
        ("psycopg_binary.libs/libssl-6a9b88ec.so.3", "/v/s", "BINARY"),
    ]
    kept, datas = slim.share_openssl(binaries, [])
    assert kept == binaries[2:]
    assert datas == [
        ("libcrypto.so.3", "psycopg_binary.libs/libcrypto-3a0647ea.so.3", "SYMLINK"),
        ("libssl.so.3", "psycopg_binary.libs/libssl-6a9b88ec.so.3", "SYMLINK"),
    ]
    assert slim.share_openssl(binaries[:2], []) == (binaries[:2], [])


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("icudt73l/vi.res", True),
        ("icudt73l/vi_VN.res", True),
        ("icudt73l/en.res", True),
        ("icudt73l/root.res", True),
        ("icudt73l/fr.res", False),
        ("icudt73l/zh_Hant_TW.res", False),
        ("icudt73l/res_index.res", True),
        ("icudt73l/pool.res", True),
        ("icudt73l/supplementalData.res", True),
        ("icudt73l/zoneinfo64.res", True),
        ("icudt73l/cnvalias.icu", True),
        ("icudt73l/ibm-943_P15A-2003.cnv", False),
        ("icudt73l/unames.icu", False),
        ("icudt73l/coll/vi.res", True),
        ("icudt73l/coll/ucadata.icu", True),
        ("icudt73l/coll/de.res", False),
        ("icudt73l/zone/vi.res", True),
        ("icudt73l/brkitr/thaidict.dict", False),
        ("icudt73l/translit/root.res", False),
        ("icudt73l/rbnf/vi.res", False),
    ],
)
def test_which_icu_data_stays(name: str, kept: bool) -> None:
    """Vietnamese, English and root in every tree, and the shared tables; no other locale,
    no converters, break iterators, transliterators or spell-out rules."""
    assert icu_data.wanted(name) is kept


def test_a_package_survives_writing_and_reading() -> None:
    """Items come back byte for byte, under sorted names, 16-byte aligned."""
    header = bytes([32, 0, 0xDA, 0x27, 20, 0, 0, 0, 0, 0, 2, 0]) + b"CmnD" + bytes(16)
    items = {"icudt73l/b.res": b"\x01" * 16, "icudt73l/a.res": b"\x02" * 32}
    data = icu_data.serialize(icu_data.Package(header, items))
    back = icu_data.parse(data)
    assert back.header == header and back.items == items
    assert list(back.items) == sorted(items)


PYSIDE_LIB = Path(__import__("PySide6").__file__).parent / "Qt" / "lib"
ICU_DATA = sorted(PYSIDE_LIB.glob("libicudata.so.*"))
CHECK = """
import sys
from PySide6.QtCore import QCollator, QCoreApplication, QLocale, QTimeZone
app = QCoreApplication(sys.argv)
vi = QLocale("vi_VN")
c = QCollator(vi)
print(sorted(["ăb", "ac", "đa", "dz", "ưa", "uz", "va", "Bình", "bình", "An"], key=c.sortKey))
print(vi.toUpper("đường lớp 6A"), QLocale("en_US").toLower("ĐƯỜNG"))
tz = QTimeZone(b"Asia/Ho_Chi_Minh")
print(tz.isValid(), tz.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, vi))
print(vi.toString(1234567.5, "f", 1), vi.dayName(1))
"""


def test_the_trimmed_icu_library_serves_qt_as_the_full_one(tmp_path: Path) -> None:
    """Rebuilt from PySide6's own: about a tenth of the size, the kept items byte for byte,
    and Qt sorts, upper-cases and names time zones in Vietnamese exactly as with all of it."""
    (full,) = ICU_DATA
    trimmed = icu_data.trimmed_library(full, tmp_path)
    assert trimmed.stat().st_size < full.stat().st_size / 5
    assert icu_data.read_library(trimmed).items == icu_data.trim(icu_data.read_library(full)).items

    def run(preload: str | None) -> str:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if preload:
            env["LD_PRELOAD"] = preload
        done = subprocess.run(
            [sys.executable, "-c", CHECK], env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0 and done.stderr == "", done.stderr
        return done.stdout

    with_full = run(None)
    assert "['ac', 'An', 'ăb', 'bình', 'Bình', 'dz', 'đa', 'uz', 'ưa', 'va']" in with_full
    assert "ĐƯỜNG LỚP 6A" in with_full and "Giờ Đông Dương" in with_full
    assert run(str(trimmed)) == with_full


def test_reachable_keeps_pdfium() -> None:
    """PDFium is opened with ctypes (nothing NEEDs it): the pruning keeps it (decision 021)."""
    entries = [
        ("libpython3.11.so.1.0", "/s/libpython", "BINARY"),
        ("pypdfium2_raw/libpdfium.so", "/s/pdfium", "BINARY"),
        ("libunused.so", "/s/unused", "BINARY"),
    ]
    kept = slim.reachable(entries, lambda path: [])
    assert [e[0] for e in kept] == ["libpython3.11.so.1.0", "pypdfium2_raw/libpdfium.so"]
