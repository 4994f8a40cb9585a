"""Excel files in and out, for every module that imports or exports spreadsheets.

- ``reader.read_workbook(path, limits)``: checks the file (size, not-xlsx, corrupt,
  password-protected, huge) and returns visible sheets as value grids with TCVN3/VNI
  text converted to Unicode. Formulas give their cached values.
- ``headers.find_table(sheet, layout)``: finds the header row below any title rows,
  matches header spellings to fields (``Layout`` of ``Column``), handles two-row
  headers, column-numbering rows and headers repeated on each printed page.
- ``cells``: ``clean_text``, ``personal_id`` (restores lost leading zeros where
  unambiguous), ``phone``, ``to_date`` (date cells, Excel serials, dd/mm/yyyy text).
- ``legacy``: ``detect`` and ``decode`` for TCVN3 (.VnTime) and VNI text.
- ``writer``: formula-injection-safe cells, IDs as text, dd/mm/yyyy dates, atomic save.
"""
