"""The one spreadsheet-import pipeline every module uses (ARCHITECTURE, docs/adding-a-module.md).

read (``app.excel.reader``) → locate each sheet's table and report columns, skipped
sheets and legacy text (``tables.locate``) → the module parses its rows into values
and ``located.Problem``s → preview (writes nothing) → ``writing.write_after_restore_point``
writes in one transaction after a restore point; re-running an unchanged file writes
nothing. Every problem names the sheet, row, column and value.
"""
