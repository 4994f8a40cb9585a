"""The new school year (chuyển năm học, decision 030).

``plan.build_plan(s, actor, "2025-2026", "2026-2027") -> RolloverPlan`` is the
preview: next year's classes (6A1 → 7A1, repeaters in a class of their grade) with
counts, and every student's move with its reason, from the grade book's year-end
lists. ``apply.run_rollover(db, actor, source, target, edits)`` takes a restore
point and writes the plan in one journalled transaction; run twice, the second
writes nothing. Students waiting for a re-test or summer training are placed by
``run_rollover(..., place_only=True)`` once their result is saved.
``apply.switch_year`` makes the new year current and locks the finished one.
Everything requires ``Perm.EDIT_SCHOOL`` (admin, principal); the switch also
``LOCK_GRADES``.
"""
