"""The grade book screens (Sổ điểm): entry grids, conduct, class summary, re-tests, lists, locks.

The grade book's tables and fields are named in Vietnamese on their models
(``app.labels``); which classes an actor may open is ``app.gradebook.choices``.
"""
