"""A smaller ICU data library for the Linux bundle: Vietnamese and English only.

PySide6's Qt on Linux links ICU, whose data library (``libicudata.so.NN``) holds
every locale, converter, break dictionary and transliterator: 31 MB, an eighth
of the bundle. Qt calls ICU only for collation (sorting, Qt's file chooser),
case mapping, time-zone names and legacy codecs; the app decodes files itself.
``trim`` keeps what those need for Vietnamese and English: the root, ``vi`` and
``en`` locales of every tree, the collation tables, the time-zone and
supplemental data, the converter alias table and the normalisers, and drops the
other locales, the converters, break iterators, transliterators and spell-out
rules. ``build_library`` wraps the trimmed package in a shared library of the
same name and symbol with the GNU assembler and linker (binutils, which
PyInstaller needs on Linux anyway).

The package is ICU's "common data" format: a header, a table of contents
(count; name offset and data offset per item, relative to the table; names
sorted, as ICU looks them up by binary search), the names, then the items at
16-byte boundaries.

Run by packaging/truongso.spec; ``python packaging/icu_data.py LIB OUT`` trims
by hand and prints what it kept.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

LOCALES = frozenset({"root", "en", "en_US", "en_US_POSIX", "vi", "vi_VN"})
DROPPED_TREES = frozenset({"brkitr", "translit", "rbnf"})
DROPPED_FILES = frozenset({"unames.icu", "confusables.cfu", "confusablesWholeScript.cfu"})
_LOCALE_FILE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*\.res$")
_ALIGN = 16


@dataclass(frozen=True)
class Package:
    """An ICU common-data package: its header bytes and its items by name."""

    header: bytes
    items: dict[str, bytes]

    @property
    def prefix(self) -> str:
        """The items' common prefix, e.g. ``icudt73l``: also the library's symbol stem."""
        return next(iter(self.items)).split("/", 1)[0]


def _symbol(lib: Path) -> tuple[str, int, int]:
    """Name, file offset and size of the ``icudtNN_dat`` symbol in ``lib`` (objdump)."""
    dump = subprocess.run(
        ["objdump", "-T", "-h", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    sym = re.search(r"^([0-9a-f]+)\s.*\.rodata\s+([0-9a-f]+)\s+(icudt\d+_dat)$", dump, re.M)
    sec = re.search(r"\.rodata\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", dump)
    if sym is None or sec is None:
        raise ValueError(f"{lib}: no icudtNN_dat symbol in .rodata")
    vma, file_offset = int(sec.group(1), 16), int(sec.group(2), 16)
    return sym.group(3), int(sym.group(1), 16) - vma + file_offset, int(sym.group(2), 16)


def parse(data: bytes) -> Package:
    """Split a common-data package into its header and items."""
    (header_size,) = struct.unpack_from("<H", data, 0)
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD":
        raise ValueError("not an ICU common data package")
    toc = data[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items = {}
    for i, (name_at, data_at) in enumerate(entries):
        name = toc[name_at : toc.index(b"\0", name_at)].decode("ascii")
        end = entries[i + 1][1] if i + 1 < count else len(toc)
        items[name] = toc[data_at:end]
    return Package(data[:header_size], items)


def read_library(lib: Path) -> Package:
    """The package inside an ICU data library."""
    _name, offset, size = _symbol(lib)
    with open(lib, "rb") as f:
        f.seek(offset)
        return parse(f.read(size))


def wanted(name: str) -> bool:
    """Whether the item ``name`` (``icudt73l/coll/vi.res``) stays in the bundle."""
    tree, _, base = name.partition("/")[2].rpartition("/")
    if tree.split("/")[0] in DROPPED_TREES or base in DROPPED_FILES or base.endswith(".cnv"):
        return False
    if base in ("res_index.res", "pool.res") or not _LOCALE_FILE.match(base):
        return True
    return base.removesuffix(".res") in LOCALES


def trim(package: Package) -> Package:
    """The package with only the items ``wanted`` keeps."""
    return Package(package.header, {n: d for n, d in package.items.items() if wanted(n)})


def _pad(size: int) -> int:
    return -size % _ALIGN


def serialize(package: Package) -> bytes:
    """The package's bytes: header, table of contents, names, aligned items."""
    names = sorted(package.items)
    name_block = b"".join(n.encode("ascii") + b"\0" for n in names)
    names_at = 4 + 8 * len(names)
    data_at = names_at + len(name_block) + _pad(names_at + len(name_block))
    toc, blobs, name_at = [struct.pack("<I", len(names))], [], names_at
    for name in names:
        item = package.items[name]
        toc.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        blobs.append(item + b"\0" * _pad(len(item)))
        data_at += len(blobs[-1])
    head = b"".join(toc) + name_block
    return package.header + head + b"\0" * _pad(len(head)) + b"".join(blobs)


def build_library(package: Package, soname: str, out: Path) -> Path:
    """Write ``package`` as a shared library ``out`` exporting ``icudtNN_dat`` (as, ld)."""
    symbol = package.prefix.rstrip("lb") + "_dat"  # icudt73l -> icudt73_dat
    with tempfile.TemporaryDirectory() as tmp:
        dat, asm, obj = Path(tmp, "data.dat"), Path(tmp, "data.s"), Path(tmp, "data.o")
        dat.write_bytes(serialize(package))
        asm.write_text(
            f".section .rodata\n.globl {symbol}\n.type {symbol}, @object\n.balign {_ALIGN}\n"
            f'{symbol}:\n.incbin "{dat}"\n.size {symbol}, . - {symbol}\n'
            '.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        subprocess.run(["as", str(asm), "-o", str(obj)], check=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["ld", "-shared", "-soname", soname, "-o", str(out), str(obj)], check=True)
    return out


def trimmed_library(lib: Path, out_dir: Path) -> Path:
    """A trimmed copy of the ICU data library ``lib`` in ``out_dir``, same file name."""
    return build_library(trim(read_library(lib)), lib.name, out_dir / lib.name)


def main(argv: list[str]) -> int:
    """``icu_data.py LIB OUT_DIR``: trim, write, print the sizes."""
    lib, out_dir = Path(argv[0]), Path(argv[1])
    full = read_library(lib)
    out = trimmed_library(lib, out_dir)
    kept = trim(full)
    print(f"{lib.name}: {len(full.items)} items -> {len(kept.items)}")
    print(f"{lib.stat().st_size / 1e6:.1f} MB -> {out.stat().st_size / 1e6:.1f} MB: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
