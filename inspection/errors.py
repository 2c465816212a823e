from returns.errors import ConcurrentChange, InvalidReturnRequest, ReturnsError


class InspectionError(ReturnsError):
    code = "inspection_error"


class DispositionNotAllowed(InspectionError):
    code = "disposition_not_allowed"


class EvidenceRequired(InspectionError):
    code = "evidence_required"


class StaleForm(ConcurrentChange):
    """A form based on an older version of the record: refused instead of overwriting newer work."""

    code = "stale_form"


class ReceivingError(InvalidReturnRequest):
    code = "receiving_error"
