"""Excel files in and out, for every module that imports or exports spreadsheets.

- ``reader.read_workbook(path, limits)``: opens .xlsx, .xls and .ods, told by content
  (not by name); checks the file (size, not a spreadsheet, corrupt, password-protected,
  huge) and returns visible sheets as value grids, cells as stored, TCVN3/VNI text
  offered for conversion (``Sheet.legacy``). Formulas give their cached values.
- ``probe``: what an .xls (OLE, BIFF records) or .ods (content.xml) holds, measured
  before the parser builds it: sheet sizes, password, damage.
- ``headers.find_table(sheet, layout)``: finds the header row below any title rows,
  matches header spellings to fields (``Layout`` of ``Column``), handles two-row
  headers, column-numbering rows and headers repeated on each printed page.
- ``cells``: ``clean_text``, ``personal_id`` (restores lost leading zeros where
  unambiguous), ``phone``, ``to_date`` (date cells, Excel serials, dd/mm/yyyy text).
- ``legacy``: ``detect`` and ``decode`` for TCVN3 (.VnTime) and VNI text.
- ``writer``: formula-injection-safe cells, IDs as text, dd/mm/yyyy dates, atomic save.
"""
