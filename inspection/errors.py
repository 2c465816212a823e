from returns.errors import ReturnsError


class InspectionError(ReturnsError):
    code = "inspection_error"


class DispositionNotAllowed(InspectionError):
    code = "disposition_not_allowed"
