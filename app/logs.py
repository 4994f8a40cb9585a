"""Logging to a rotating file in the data folder."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from app import paths

LOG_NAME = "truongso.log"


def log_path() -> Path:
    """The current log file."""
    return paths.logs_dir() / LOG_NAME


def setup_logging(level: int = logging.INFO) -> Path:
    """Send logs to a 1 MB × 5 rotating file; returns its path."""
    path = log_path()
    root = logging.getLogger()
    if not any(getattr(h, "_truongso", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._truongso = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    return path
