"""The primary grade book (Thông tư 27/2020): levels, periodic tests, qualities and competencies.

Primary classes (grades 1–5) are never computed as TT22 grids. What teachers
record is stored in the same ``assessment`` table with the primary kinds of
``values.PKind`` (MD level, KT test score, NX comment; ``number`` is the
checkpoint: 1 mid-semester, 2 end of semester; semester II end is the end of
the year), plus ``primary_rating`` (qualities and competencies) and
``primary_nomination`` (the class's recognition for the commendation title).
Results are recomputed by ``app.grading.primary`` from ``records.load_primary``.
"""
