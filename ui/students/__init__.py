"""Student records screens (Hồ sơ học sinh): the list, the form, events, classes, import, export.

Pages: ``StudentListWidget`` ("Học sinh") and ``ClassesWidget`` ("Lớp học"). Every
command runs through ``ui.ops`` in one unit of work; the runner announces the
``Changes`` the service returns (``app.students.changes``), so every open list
refreshes. The student tables and fields are named in Vietnamese on their models
(``app.labels``).
"""
