"""Imports every ORM module so the metadata is complete (Alembic, tests, create_all)."""

from app import access_log, accounts, journal, school  # noqa: F401
from app.cds import models as cds_models  # noqa: F401
from app.cds import tasks_models as cds_tasks_models  # noqa: F401
from app.db import Base
from app.equipment import loan_models as equipment_loan_models  # noqa: F401
from app.equipment import models as equipment_models  # noqa: F401
from app.equipment import stocktake_models as equipment_stocktake_models  # noqa: F401
from app.gradebook import models as gradebook_models  # noqa: F401
from app.students import models as student_models  # noqa: F401
from app.sync import outbox as _sync_outbox  # noqa: F401
from app.transcripts import models as transcript_models  # noqa: F401
from app.transcripts import online_steps as _transcript_online_steps  # noqa: F401

# Not a model: the session hook that flags a signed transcript "cần cấp lại" when its grade
# book changes. It belongs with app.modules' wiring; it is here so that every process that
# declares the models has it (tests, bench and entry points import app.modules, hence this).
from app.transcripts import reissue as _transcript_reissue  # noqa: E402,F401

metadata = Base.metadata
