"""Teaching assignments (phân công giảng dạy) of a school year, as one grid.

``grid``: the year's classes × the subjects each studies → teacher(s), with the
homeroom teacher per class; ``save_grid`` writes a set of cell changes all or
nothing; ``fill_row`` / ``fill_column`` build the changes of a whole row or
column. ``copy_year``: last year's assignments onto this year's classes (6A1 →
7A1 when the classes moved up a grade, else the same name). ``excel_export`` /
``excel_import``: the grid as .xlsx through the Excel core and back, through the
one import pipeline (``app.importing``). Writing needs ``MANAGE_CLASSES``; who
entered a grade stays in the journal whatever the assignments become.
"""
