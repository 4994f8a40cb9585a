"""Imports every ORM module so the metadata is complete (Alembic, tests, create_all)."""

from app import access_log, accounts, journal, school  # noqa: F401
from app.db import Base
from app.gradebook import models as gradebook_models  # noqa: F401
from app.students import models as student_models  # noqa: F401

metadata = Base.metadata
