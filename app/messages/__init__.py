"""User-facing Vietnamese messages that start in ``app/`` (STYLE rule 16).

Each module of the core keeps its messages in one file here, so wording is
reviewed in one place and can later be translated.
"""

from app.messages.core import MSG

__all__ = ["MSG"]
