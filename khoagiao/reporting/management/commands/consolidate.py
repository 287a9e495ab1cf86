"""manage.py consolidate --duty kg-quy --period "Quý I/2026" --unit btgdvtu --out bao-cao.docx

Builds the consolidated report of a unit for one period of a duty, for scripted use: a draft (unnumbered, marked
"DỰ THẢO") by default, or, with --issue --as <username>, the numbered document issued through the register
exactly as on the screen (the user must be department staff over the unit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from khoagiao.accounts.models import User
from khoagiao.core.errors import ApplicationError
from khoagiao.orgs.models import Unit
from khoagiao.reporting.consolidation.narrative import sections_compile
from khoagiao.reporting.documents_consolidation import consolidation_docx, consolidation_xlsx
from khoagiao.reporting.models import (
    ConsolidatedReport,
    ConsolidatedVersion,
    Period,
    ReportingDuty,
    SignerRole,
)
from khoagiao.reporting.selectors_consolidation import consolidation_data
from khoagiao.reporting.services.consolidation import (
    consolidation_issue,
    consolidation_save,
    consolidation_start,
    default_recipients,
    default_summary,
)


class Command(BaseCommand):
    help = "Lập báo cáo tổng hợp của một đơn vị cho một kỳ báo cáo (DOCX, XLSX hoặc PDF)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--duty", required=True, help="Mã chế độ báo cáo, ví dụ kg-quy.")
        parser.add_argument("--period", required=True, help="Mã (id) hoặc tên kỳ, ví dụ «Quý I/2026».")
        parser.add_argument("--unit", help="Mã đơn vị ban hành (mặc định: đơn vị nhận báo cáo của chế độ).")
        parser.add_argument("--out", required=True, help="Tệp kết quả.")
        parser.add_argument("--format", choices=["docx", "xlsx", "pdf"], default="docx")
        parser.add_argument(
            "--include-submitted", action="store_true", help="Tính cả báo cáo chưa tiếp nhận."
        )
        parser.add_argument("--issue", action="store_true", help="Cấp số và ban hành (cần --as).")
        parser.add_argument("--as", dest="username", help="Tên đăng nhập của cán bộ Ban cấp số.")
        parser.add_argument("--signer", default="", help="Họ tên người ký.")
        parser.add_argument("--deputy", action="store_true", help="Phó Trưởng ban ký thay (K/T).")

    def handle(self, *args: Any, **options: Any) -> None:
        duty = ReportingDuty.objects.select_related("receiving_unit").filter(code=options["duty"]).first()
        if duty is None:
            raise CommandError(f"Không có chế độ báo cáo mã «{options['duty']}».")
        periods = Period.objects.select_related("duty", "template_version").filter(duty=duty)
        wanted = options["period"].strip()
        period = (
            periods.filter(pk=int(wanted)) if wanted.isdigit() else periods.filter(label__iexact=wanted)
        ).first()
        if period is None:
            raise CommandError(f"Chế độ «{duty.code}» không có kỳ «{wanted}».")
        unit: Unit | None = duty.receiving_unit
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã «{options['unit']}».")
        try:
            if options["issue"]:
                content = self._issue(period, unit, options)
            else:
                content = self._draft(period, unit, options)
        except ApplicationError as error:
            raise CommandError(error.message) from error
        Path(options["out"]).write_bytes(content)
        self.stdout.write(f"Đã ghi {options['out']} ({len(content):,} byte).")

    def _draft(self, period: Period, unit: Unit, options: dict[str, Any]) -> bytes:
        figures, sources = consolidation_data(
            period=period,
            issuing_unit=unit,
            include_submitted=options["include_submitted"],
            with_narrative=True,
        )
        sections = [(s.code, s.heading) for s in period.template_version.sections.order_by("order")]
        version = ConsolidatedVersion(
            report=ConsolidatedReport(period=period, issuing_unit=unit),
            number=1,
            summary=default_summary(period),
            include_submitted=options["include_submitted"],
            signer_role=SignerRole.DEPUTY if options["deputy"] else SignerRole.HEAD,
            signer_name=options["signer"],
            recipients="\n".join(default_recipients(unit)),
            sections=sections_compile(sections, sources),
        )
        if options["format"] == "xlsx":
            return consolidation_xlsx(version, figures)
        content = consolidation_docx(version, figures, draft=True)
        if options["format"] == "pdf":
            from khoagiao.core.documents import docx_to_pdf

            return docx_to_pdf(content)
        return content

    def _issue(self, period: Period, unit: Unit, options: dict[str, Any]) -> bytes:
        user = User.objects.filter(username=options["username"] or "").first()
        if user is None:
            raise CommandError("Cấp số cần --as <tên đăng nhập> của cán bộ Ban.")
        version = consolidation_start(
            actor=user, period=period, issuing_unit=unit, include_submitted=options["include_submitted"]
        )
        version = consolidation_save(
            actor=user,
            version=version,
            summary=version.summary,
            include_submitted=options["include_submitted"],
            signer_role=SignerRole.DEPUTY if options["deputy"] else SignerRole.HEAD,
            signer_name=options["signer"] or version.signer_name,
            recipients=version.recipient_list,
        )
        version = consolidation_issue(actor=user, version=version)
        self.stdout.write(f"Đã cấp số {version.symbol}.")
        from khoagiao.reporting.documents_consolidation import consolidation_file

        found = consolidation_file(version, options["format"])
        assert found is not None  # an issued version always has its files
        return found[0]
