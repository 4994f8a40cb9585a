"""Trường Số desktop shell (PySide6). Depends on ``app``; ``app`` never depends on it."""
