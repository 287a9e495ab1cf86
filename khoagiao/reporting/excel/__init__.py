"""The figure form as an Excel workbook: download it, fill it in offline, upload it with a dry-run preview.

The sheet has a header block (unit, duty, period, window, deadline, and the identifying cells "Mã kỳ" and "Mã
đơn vị" the import checks), then one row per indicator: code, name, unit of measure, what may be typed, the
figure now in the draft, and an input column. The sheet is protected except for the input column, so a person
filling it in cannot shift the layout by accident; the import still checks everything it reads.

An upload is refused before openpyxl sees it unless it really is an XLSX workbook (a zip with
`[Content_Types].xml` declaring a spreadsheet) of reasonable size. Every row is then parsed and checked against
the period's template: unknown or repeated codes, values of the wrong type or out of bounds, formulas without a
computed value. A dry run only reports; a real import saves nothing unless every row is valid, and then saves
all the figures at once through `submission_save_draft` (so value history, optimistic locking and the audit
trail are the draft's own).

The modules: `layout` (the sheet's rows and columns), `build` (the download), `upload` (refusing what is not
a workbook) and `reading` (the preview and the import). Everything callers use is importable from here.
"""

from .build import figure_form_build, figure_form_filename
from .layout import (
    COL_CODE,
    COL_CURRENT,
    COL_GUIDE,
    COL_INPUT,
    COL_NAME,
    COL_ORDER,
    COL_UOM,
    FIRST_DATA_ROW,
    LAST_COL,
    LIST_SHEET,
    ROW_DEADLINE,
    ROW_DUTY,
    ROW_HELP,
    ROW_PERIOD,
    ROW_PERIOD_ID,
    ROW_TABLE_HEADER,
    ROW_TITLE,
    ROW_UNIT,
    ROW_UNIT_CODE,
    ROW_VERSION,
    ROW_WINDOW,
    XLSX_CONTENT_TYPE,
)
from .reading import MAX_ROWS, ImportPreview, PreviewRow, figure_form_import
from .upload import MAX_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES, MAX_ZIP_ENTRIES, FileRefused, check_xlsx_bytes

__all__ = [
    "COL_CODE",
    "COL_CURRENT",
    "COL_GUIDE",
    "COL_INPUT",
    "COL_NAME",
    "COL_ORDER",
    "COL_UOM",
    "FIRST_DATA_ROW",
    "LAST_COL",
    "LIST_SHEET",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_ZIP_ENTRIES",
    "ROW_DEADLINE",
    "ROW_DUTY",
    "ROW_HELP",
    "ROW_PERIOD",
    "ROW_PERIOD_ID",
    "ROW_TABLE_HEADER",
    "ROW_TITLE",
    "ROW_UNIT",
    "ROW_UNIT_CODE",
    "ROW_VERSION",
    "ROW_WINDOW",
    "XLSX_CONTENT_TYPE",
    "FileRefused",
    "ImportPreview",
    "PreviewRow",
    "check_xlsx_bytes",
    "figure_form_build",
    "figure_form_filename",
    "figure_form_import",
]
