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
    # A log that cannot be written (a full disk, a read-only folder) is never the user's
    # problem: no "--- Logging error ---" tracebacks on the terminal, the work goes on.
    logging.raiseExceptions = False
    if not any(getattr(h, "_truongso", False) for h in root.handlers):
        try:
            handler = logging.handlers.RotatingFileHandler(
                path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError:
            root.setLevel(level)
            return path
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._truongso = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    return path
