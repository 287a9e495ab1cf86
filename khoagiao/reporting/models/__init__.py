from .duties import Period, ReportingDuty
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
    "Indicator",
    "Period",
    "ReportTemplate",
    "ReportingDuty",
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
