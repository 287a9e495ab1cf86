"""The figure form's layout and file type, shared by building the form and reading it back."""

from __future__ import annotations

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The layout. Header labels span columns A:B, their values C:G; the table starts below.
COL_ORDER, COL_CODE, COL_NAME, COL_UOM, COL_GUIDE, COL_CURRENT, COL_INPUT = range(1, 8)
LAST_COL = COL_INPUT
ROW_TITLE, ROW_HELP = 1, 2
ROW_UNIT, ROW_DUTY, ROW_PERIOD, ROW_WINDOW, ROW_DEADLINE = 3, 4, 5, 6, 7
ROW_PERIOD_ID, ROW_UNIT_CODE, ROW_VERSION = 8, 9, 10
ROW_TABLE_HEADER = 12
FIRST_DATA_ROW = ROW_TABLE_HEADER + 1
LIST_SHEET = "DanhMuc"
