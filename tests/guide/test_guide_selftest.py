"""The bundle's self-test checks that the guide shipped (F1 would open an empty window)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from app import paths, selftest


def _bundle(tmp_path: Path, with_guide: bool) -> Path:
    """A bundle folder holding the reference lists, and the guide when asked."""
    root = tmp_path / "bundle"
    shutil.copytree(paths.resource("reference"), root / "resources" / "reference")
    if with_guide:
        shutil.copytree(paths.resource("guide"), root / "resources" / "guide")
    return root


def test_resources_check_fails_without_the_guide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bundle without resources/guide/index.html fails the resources check, naming the file."""
    monkeypatch.setattr(sys, "_MEIPASS", str(_bundle(tmp_path, with_guide=False)), raising=False)
    with pytest.raises(selftest.SelfTestFailure) as failure:
        selftest._check_resources(tmp_path)
    assert str(Path("resources", "guide", "index.html")) in str(failure.value)
    assert str(failure.value).startswith("không tìm thấy ")


def test_resources_check_passes_with_the_guide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the guide beside the reference lists, the check passes and names the folder."""
    root = _bundle(tmp_path, with_guide=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(root), raising=False)
    assert str(root / "resources") in selftest._check_resources(tmp_path)
