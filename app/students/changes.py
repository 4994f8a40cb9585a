"""What the student-record commands change (``app.changes``): the tables they touch."""

from __future__ import annotations

from app.changes import Changes

STUDENT = "student"
GUARDIAN = "guardian"
CLASS_GROUP = "class_group"
ENROLMENT = "enrolment"
STUDENT_EVENT = "student_event"
STUDENT_ENTITIES = (STUDENT, GUARDIAN, CLASS_GROUP, ENROLMENT, STUDENT_EVENT)

STUDENT_CHANGES = Changes.of(*STUDENT_ENTITIES)
"""A record written (the form, an event, an import): its guardians, class and events too."""
GUARDIAN_CHANGES = Changes.of(GUARDIAN)
"""A guardian added, changed or removed."""
CLASS_CHANGES = Changes.of(CLASS_GROUP)
"""A class created, or its homeroom teacher named."""
MOVE_CHANGES = Changes.of(ENROLMENT, STUDENT_EVENT, CLASS_GROUP)
"""Students moved between classes (``enrol``, ``move_students``: carried by ``Moved``)."""
