"""What the bundle leaves out: Qt plugins and translations it never loads, unreachable libraries.

Used by packaging/truongso.spec on the analysis PyInstaller made (lists of
``(destination, source, kind)`` entries). See
docs/decisions/011-startup-and-bundle-size.md for the sizes.

- Qt's own translations (the app ships its Vietnamese one in resources/i18n/);
- Qt plugins except the platforms the app runs on (xcb, offscreen, windows),
  the input methods (ibus and compose: how Vietnamese is typed on Linux; not the on-screen
  keyboard), xcb's OpenGL
  glue and the SVG icon and image plugins: no Wayland, EGLFS, VNC, TLS,
  network information, desktop themes (their GTK libraries), other image formats;
- on Linux, the desktop's own libraries, which must match the running X
  server, D-Bus and font set-up and which every Linux desktop has (``HOST_LIBRARIES``,
  from the AppImage exclude list; pip-installed PySide6 uses the system's too);
- on Linux, the system's OpenSSL 3 for Python's ``ssl`` and ``hashlib`` (5 MB):
  they use the OpenSSL 3 that psycopg's wheel ships (``share_openssl``);
- on Linux, every shared library no kept extension, plugin or interpreter
  needs (``NEEDED`` entries, read with objdump), so the dropped plugins' and
  host libraries' own dependencies go too.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath

Entry = tuple[str, str, str]

PLUGINS_KEPT: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows"}),
    # ibus and compose (how Vietnamese is typed on Linux); not Qt's on-screen keyboard, which
    # PySide6-Addons brings (decision 038) with QtQuick and QML behind it (some 17 MB).
    "platforminputcontexts": frozenset(
        {"ibusplatforminputcontextplugin", "composeplatforminputcontextplugin"}
    ),
    "xcbglintegrations": None,
    "iconengines": frozenset({"qsvgicon"}),
    "imageformats": frozenset({"qsvg"}),
}
"""Plugin folders kept, with the plugins kept in each (None: every one)."""

HOST_LIBRARIES = frozenset(
    {
        # github.com/AppImageCommunity/pkg2appimage/blob/master/excludelist
        "libcom_err.so.2",
        "libexpat.so.1",
        "libfontconfig.so.1",
        "libfreetype.so.6",
        "libfribidi.so.0",
        "libgio-2.0.so.0",
        "libglib-2.0.so.0",
        "libgobject-2.0.so.0",
        "libgpg-error.so.0",
        "libharfbuzz.so.0",
        "libuuid.so.1",
        "libX11.so.6",
        "libxcb.so.1",
        "libz.so.1",
        # The D-Bus client library talks to the host's bus (its libsystemd, libgcrypt go too).
        "libdbus-1.so.3",
        # Qt's xcb platform needs these from the host anyway (libxcb-cursor0 and the others:
        # packaging/apt-packages.txt); the X11 ones follow libX11.
        "libX11-xcb.so.1",
        "libxkbcommon.so.0",
        "libxkbcommon-x11.so.0",
        "libgthread-2.0.so.0",
    }
)
"""Libraries the Linux bundle leaves to the host, by file name."""

_QT_PLUGINS = re.compile(r"^PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")
_QT_TRANSLATIONS = re.compile(r"^PySide6/(?:Qt/)?translations/")


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def plugin_kept(dest: str) -> bool:
    """Whether a bundle path is not a Qt plugin, or a plugin ``PLUGINS_KEPT`` keeps."""
    match = _QT_PLUGINS.match(_posix(dest))
    if match is None:
        return True
    folder, file = match.groups()
    if folder not in PLUGINS_KEPT:
        return False
    names = PLUGINS_KEPT[folder]
    stem = file.split(".", 1)[0].removeprefix("lib")
    return names is None or stem in names


def drop_qt_extras(
    binaries: Iterable[Entry], datas: Iterable[Entry]
) -> tuple[list[Entry], list[Entry]]:
    """Binaries without the unused plugins, data without Qt's translations."""
    kept_binaries = [e for e in binaries if plugin_kept(e[0])]
    kept_datas = [
        e for e in datas if not _QT_TRANSLATIONS.match(_posix(e[0])) and plugin_kept(e[0])
    ]
    return kept_binaries, kept_datas


def objdump_needed(path: str) -> list[str]:
    """The ``NEEDED`` libraries of an ELF file (objdump -p)."""
    out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)$", out, re.M)


CTYPES_LOADED = ("libpdfium",)
"""Libraries Python opens with ctypes (no extension NEEDs them): PDFium, the transcript
preview's renderer (pypdfium2, decision 021)."""


def _is_root(entry: Entry) -> bool:
    dest, _src, kind = entry
    name = PurePosixPath(_posix(dest)).name
    return (
        kind == "EXTENSION"
        or "/plugins/" in _posix(dest)
        or name.startswith(("libpython", *CTYPES_LOADED))
    )


def reachable(
    binaries: list[Entry], needed: Callable[[str], list[str]] = objdump_needed
) -> list[Entry]:
    """The binaries the extensions, plugins and interpreter need, directly or not, but the
    ``HOST_LIBRARIES`` (and what only they need)."""
    by_name: dict[str, list[Entry]] = {}
    for entry in binaries:
        name = PurePosixPath(_posix(entry[0])).name
        if name not in HOST_LIBRARIES:
            by_name.setdefault(name, []).append(entry)
    todo = [e for e in binaries if _is_root(e)]
    seen = {id(e) for e in todo}
    while todo:
        entry = todo.pop()
        for lib in needed(entry[1]):
            for dep in by_name.get(lib, []):
                if id(dep) not in seen:
                    seen.add(id(dep))
                    todo.append(dep)
    return [e for e in binaries if id(e) in seen]


def symlinks_to(datas: Iterable[Entry], binaries: Iterable[Entry]) -> list[Entry]:
    """The data entries without symbolic links to binaries that are gone."""
    present = {_posix(e[0]) for e in binaries}
    return [e for e in datas if e[2] != "SYMLINK" or _posix(e[1]) in present]


_PSYCOPG_OPENSSL = re.compile(r"^psycopg_binary\.libs/(libcrypto|libssl)-[0-9a-f]+\.so\.3$")


def share_openssl(binaries: list[Entry], datas: list[Entry]) -> tuple[list[Entry], list[Entry]]:
    """One OpenSSL 3 instead of two: ``libcrypto.so.3`` and ``libssl.so.3`` become links to
    psycopg's copies (OpenSSL 3 keeps its ABI within 3.x; Python's modules ask for the
    ``OPENSSL_3.0.0`` symbols every 3.x has). Unchanged when psycopg ships no OpenSSL."""
    ours = {}
    for dest, _src, _kind in binaries:
        match = _PSYCOPG_OPENSSL.match(_posix(dest))
        if match:
            ours[f"{match.group(1)}.so.3"] = _posix(dest)
    if set(ours) != {"libcrypto.so.3", "libssl.so.3"}:
        return binaries, datas
    kept = [e for e in binaries if _posix(e[0]) not in ours]
    links = [e for e in datas if not (e[2] == "SYMLINK" and _posix(e[0]) in ours)]
    return kept, links + [(name, target, "SYMLINK") for name, target in sorted(ours.items())]
