"""A real full disk for the CLI: a small tmpfs in a private mount namespace.

``run_on_small_disk(steps)`` starts this module under ``unshare`` (``-m`` as root,
``-rm`` otherwise: an unprivileged user namespace), which mounts a tmpfs of
``SIZE`` on a folder only that process tree sees, makes a demo school there and
then runs ``steps``: each either fills the disk to leave a given number of bytes
free, frees it again, or runs ``python main.py …`` on that data folder. Every
command's exit code and output come back as JSON. Nothing is mounted outside
the namespace, so nothing needs cleaning after a killed test.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
SIZE = "48m"
FILLER = "lap-day.bin"


def unshare_prefix() -> list[str]:
    """How to get a private mount namespace here (root, or an unprivileged user namespace)."""
    tool = shutil.which("unshare")
    if tool is None:
        raise RuntimeError("util-linux 'unshare' is missing (apt-get install util-linux)")
    return [tool, "-m"] if os.geteuid() == 0 else [tool, "-rm"]


def run_on_small_disk(steps: list[list[str]], tmp: Path, timeout: float = 300) -> list[dict]:
    """Run ``steps`` (see the module doc) on a demo school on a small tmpfs; their results."""
    mount = tmp / "o-dia-nho"
    mount.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUONGSO_")}
    env.update(TRUONGSO_KEYRING="memory", PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.update(TRUONGSO_ENCRYPT_DB="0")  # a memory keyring dies with the process
    cmd = [*unshare_prefix(), sys.executable, "-m", "tests.safety.small_disk", str(mount)]
    proc = subprocess.run(
        cmd,
        input=json.dumps(steps),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )
    assert proc.returncode == 0, proc.stderr
    return list(json.loads(proc.stdout))


def _fill(folder: Path, leave: int) -> None:
    """Write a filler file until the disk is full, then give back ``leave`` bytes."""
    filler = folder / FILLER
    block = b"\0" * (1 << 16)
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:  # unbuffered: nothing left to flush (and fail) on close
        while os.write(fd, block):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))


def _student_file(path: Path, n: int) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Ngày sinh", "Giới tính", "Lớp"])
    given = (
        "An Bình Chi Dũng Giang Hà Hải Hùng Khánh Lan Linh Mai Minh Nam Ngọc Phúc Quân Sơn Tâm Vy"
    )
    middle = "Văn Thị Đức Minh Thu Hữu Bảo Gia Thanh Ngọc Quốc Xuân Kim Hoài Trung"
    for i in range(n):
        name = f"Nguyễn {middle.split()[i // 20 % 15]} {given.split()[i % 20]}"
        ws.append([name, f"{1 + i % 28:02d}/{1 + i % 12:02d}/2015", "Nữ", "6A1"])
    wb.save(path)


def _steps(mount: Path, steps: list[list[str]]) -> list[dict[str, Any]]:
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(mount)], check=True)
    data = mount / "data"
    env = dict(os.environ, TRUONGSO_DATA_DIR=str(data))
    out: list[dict[str, Any]] = []
    values: dict[str, str] = {"mount": str(mount)}
    for raw in steps:
        step = [part.format(**values) for part in raw]
        if step[0] == "fill":  # ["fill", "16384"], or "db+300000": the database's size and more
            extra = step[1].removeprefix("db+")  # ["fill", "0", "usb"]: the stick, not the disk
            db_size = (data / "truongso.sqlite").stat().st_size if extra != step[1] else 0
            where = mount / step[2] if len(step) > 2 else mount
            _fill(where, db_size + int(extra))
            out.append({"step": step, "free": shutil.disk_usage(where).free})
        elif step[0] == "usb":  # ["usb", "2m"]: a second small disk at {mount}/usb (a USB stick)
            (mount / "usb").mkdir()
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", f"size={step[1]}", "tmpfs", str(mount / "usb")],
                check=True,
            )
            out.append({"step": step, "free": shutil.disk_usage(mount / "usb").free})
        elif step[0] == "free":
            where = mount / step[1] if len(step) > 1 else mount
            (where / FILLER).unlink(missing_ok=True)
            out.append({"step": step, "free": shutil.disk_usage(where).free})
        elif step[0] == "code":  # ["code", "7A1"]: {code} = the class's first student code
            listing = subprocess.run(
                [sys.executable, "main.py", "students", "list", "--class", step[1], "--json"],
                capture_output=True,
                text=True,
                encoding="utf-8",
                cwd=ROOT,
                env=env,
                check=True,
            )
            values["code"] = json.loads(listing.stdout)["rows"][0]["student_code"]
            out.append({"step": step, "code": values["code"]})
        elif step[0] == "xlsx":  # ["xlsx", "ds.xlsx", "300"]: new students of 6A1 to import
            _student_file(mount / step[1], int(step[2]))
            out.append({"step": step})
        elif step[0] == "sha":  # ["sha", "{mount}/ds.pdf"]: the file's hash, and its folder
            target = Path(step[1])
            digest = hashlib.sha256(target.read_bytes()).hexdigest() if target.exists() else ""
            out.append({"step": step, "sha": digest, "beside": sorted(os.listdir(target.parent))})
        elif step[0] == "ls":
            names = sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file())
            out.append({"step": step, "files": names})
        else:
            proc = subprocess.run(
                [sys.executable, "main.py", *step],
                capture_output=True,
                text=True,
                encoding="utf-8",
                cwd=ROOT,
                env=env,
                timeout=240,
            )
            out.append(
                {"step": step, "rc": proc.returncode, "out": proc.stdout, "err": proc.stderr}
            )
    return out


if __name__ == "__main__":
    print(json.dumps(_steps(Path(sys.argv[1]), json.loads(sys.stdin.read())), ensure_ascii=False))
