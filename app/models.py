"""Imports every ORM module so the metadata is complete (Alembic, tests, create_all)."""

from app import accounts, journal, school  # noqa: F401
from app.db import Base

metadata = Base.metadata
