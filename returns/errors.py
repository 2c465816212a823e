"""Domain errors of the returns lifecycle, each with a machine code and a human message.

The API maps `status` straight to the HTTP status; pages show `message` as a form error.
"""


class ReturnsError(Exception):
    code = "returns_error"
    status = 400

    def __init__(self, message: str, *, details=None):
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidReturnRequest(ReturnsError):
    code = "invalid_request"


class PolicyRejected(ReturnsError):
    """The request breaks a policy rule that no exception can override, or no exception was asked."""

    code = "policy_rejected"


class ReturnPermissionDenied(ReturnsError):
    code = "permission_denied"
    status = 403


class IllegalTransition(ReturnsError):
    code = "illegal_transition"
    status = 409


class TransitionGuardFailed(ReturnsError):
    code = "transition_guard_failed"
    status = 409


class ConcurrentChange(ReturnsError):
    code = "concurrent_change"
    status = 409
