"""Shared builders of official documents (DOCX in the Party or State format, charts, PDF conversion)."""

from .charts import bar_chart_png, line_chart_png
from .official import OfficialDocument, OfficialHeader, Signature, clean_text, number_text
from .pdf import PdfUnavailable, docx_to_pdf, pdf_available
from .style import DocumentFormat, DocumentStyle, document_style

__all__ = [
    "DocumentFormat",
    "DocumentStyle",
    "OfficialDocument",
    "OfficialHeader",
    "PdfUnavailable",
    "Signature",
    "bar_chart_png",
    "clean_text",
    "document_style",
    "docx_to_pdf",
    "line_chart_png",
    "number_text",
    "pdf_available",
]
