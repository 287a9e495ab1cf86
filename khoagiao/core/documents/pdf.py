"""PDF through headless LibreOffice, where it is installed.

Each conversion runs in its own temporary profile directory: two LibreOffice processes sharing one profile block
each other, and a job worker may convert while a user downloads. Where LibreOffice is missing the caller gets a
`PdfUnavailable` error with a message the user can act on (download the DOCX instead).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from khoagiao.core.errors import ApplicationError

CONVERSION_TIMEOUT_SECONDS = 120


class PdfUnavailable(ApplicationError):
    code = "pdf_unavailable"
    status = 503


def soffice_path() -> str | None:
    """The LibreOffice program: the `KHOAGIAO_SOFFICE` setting, else `soffice` or `libreoffice` on the PATH."""
    configured = getattr(settings, "KHOAGIAO_SOFFICE", None)
    if configured:
        return str(configured) if Path(str(configured)).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice_path() is not None


def docx_to_pdf(docx: bytes) -> bytes:
    """The PDF of a DOCX, rendered by LibreOffice."""
    program = soffice_path()
    if program is None:
        raise PdfUnavailable(
            _(
                "Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF. Hãy tải bản DOCX, hoặc đề nghị quản trị "
                "viên cài gói libreoffice-writer."
            )
        )
    with tempfile.TemporaryDirectory(prefix="khoagiao-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        profile = Path(folder) / "profile"
        command = [
            program,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            folder,
            str(source),
        ]
        environment = {**os.environ, "HOME": folder}
        try:
            subprocess.run(  # noqa: S603 (the program is the configured LibreOffice; arguments are ours)
                command,
                check=True,
                capture_output=True,
                timeout=CONVERSION_TIMEOUT_SECONDS,
                env=environment,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            raise PdfUnavailable(
                _("LibreOffice không chuyển được văn bản sang PDF (%(error)s). Hãy tải bản DOCX.")
                % {"error": type(error).__name__}
            ) from error
        target = Path(folder) / "document.pdf"
        if not target.exists():
            raise PdfUnavailable(_("LibreOffice không tạo ra tệp PDF. Hãy tải bản DOCX."))
        return target.read_bytes()
