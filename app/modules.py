"""The domain modules this application is made of, wired into the core (decision 008).

Import it before opening a database; every entry point does (``app.cli`` when
a command runs, ``ui.startup``'s loader behind the first window, ``app.selftest``,
``tests/conftest.py``, the bench scripts; not before, decision 011). It

- declares every model (``app.models``): the metadata is complete and the
  journal knows every module's sensitive fields;
- enforces the schema's text lengths on every write (``app.field_lengths``);
- installs what the core's commands ask of the modules (``app.hooks``): a new
  school year gets the grade book's subject catalogue (last year's, else the
  seed) and its semesters; a level added to the school profile gets the
  current year's subjects at once.

A new module adds its models to ``app.models`` and its part in the core's
commands here, never an import of itself in the core.
"""

from __future__ import annotations

from app import field_lengths as _field_lengths  # noqa: F401  (text lengths enforced)
from app import hooks
from app import models as _models  # noqa: F401  (every model declared)
from app.gradebook import catalogue, terms
from app.safety import encryption, seals

seals.install()  # the journal and the accounts are sealed with the school's key (decision 015)
encryption.install()  # the SQLite file is encrypted with a key derived from it (decision 019)

hooks.install(
    hooks.Hooks(
        year_added=(catalogue.ensure_catalogue, terms.ensure_semesters),
        levels_changed=(catalogue.ensure_catalogue,),
    )
)
