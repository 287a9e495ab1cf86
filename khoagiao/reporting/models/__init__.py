from .consolidation import ConsolidatedReport, ConsolidatedVersion, ConsolidationStatus, SignerRole
from .duties import Period, ReportingDuty
from .register import DocumentCounter, OutgoingDocument
from .submissions import (
    Submission,
    SubmissionAttachment,
    SubmissionEvent,
    SubmissionRevision,
    SubmissionValue,
    ValueChange,
)
from .templates import Indicator, ReportTemplate, TemplateSection, TemplateVersion, ValidationRule

__all__ = [
    "ConsolidatedReport",
    "ConsolidatedVersion",
    "ConsolidationStatus",
    "DocumentCounter",
    "Indicator",
    "OutgoingDocument",
    "Period",
    "ReportTemplate",
    "ReportingDuty",
    "SignerRole",
    "Submission",
    "SubmissionAttachment",
    "SubmissionEvent",
    "SubmissionRevision",
    "SubmissionValue",
    "TemplateSection",
    "TemplateVersion",
    "ValidationRule",
    "ValueChange",
]
