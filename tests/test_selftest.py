"""``--self-test``: the installation check that CI also runs on the frozen bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import selftest

ROOT = Path(__file__).resolve().parent.parent


def _self_test(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--self-test"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


@pytest.mark.slow
def test_self_test_passes_from_source(tmp_path: Path) -> None:
    """``python main.py --self-test`` exits 0 and reports every check as passed, in Vietnamese."""
    res = _self_test({"TRUONGSO_DATA_DIR": str(tmp_path / "data")})
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.strip().splitlines()
    assert lines[0].startswith("Trường Số") and "chạy từ mã nguồn" in lines[0]
    checks = [line for line in lines if line.startswith("  ")]
    assert len(checks) == len(selftest.CHECKS)
    assert all(line.startswith("  ✔ ") for line in checks)
    assert lines[-1] == f"Kết quả: ĐẠT ({len(checks)}/{len(checks)} mục)."


@pytest.mark.slow
def test_self_test_never_writes_the_fallback_keyring_file(tmp_path: Path) -> None:
    """Without an OS keyring the check uses memory, so no secret file appears in the data folder."""
    data = tmp_path / "data"
    res = _self_test({"TRUONGSO_DATA_DIR": str(data), "TRUONGSO_KEYRING": "file"})
    assert res.returncode == 0, res.stdout + res.stderr
    assert "bộ nhớ tạm" in res.stdout
    assert not list(data.glob("keyring*"))


def test_self_test_reports_a_failure_and_exits_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A failing check is printed with ✘ and its reason, the others still run, the code is 1."""

    def broken(_tmp: Path) -> str:
        raise selftest.SelfTestFailure("thiếu tệp thử nghiệm")

    monkeypatch.setattr(selftest, "CHECKS", [("Hỏng", broken), *selftest.CHECKS[:2]])
    assert selftest.self_test() == 1
    out = capsys.readouterr().out
    assert "  ✘ Hỏng: thiếu tệp thử nghiệm" in out
    assert out.count("  ✔ ") == 2
    assert "KHÔNG ĐẠT (1/3 mục lỗi)" in out


def test_a_qt_part_a_page_needs_is_loaded_not_only_looked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The Qt check loads each part the pages import (QtCharts among them), so a bundle that
    left one out fails its self-test, naming the part."""
    assert "QtCharts" in selftest.QT_MODULES
    assert "QtCharts" in selftest._check_qt(tmp_path)
    monkeypatch.setattr(selftest, "QT_MODULES", (*selftest.QT_MODULES, "QtKhongCo"))
    with pytest.raises(selftest.SelfTestFailure, match="thiếu phần Qt QtKhongCo"):
        selftest._check_qt(tmp_path)
