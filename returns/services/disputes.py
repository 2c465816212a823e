"""Opening and resolving disputes: a customer disagreeing with what was recorded for their return.

The portal's status page and the customer API open them (`dispute_open`); support agents resolve
them from the console's "Disputes" queue (`dispute_resolve`). Both lock the return, check the actor
and the state, and write an audit record in the same transaction. One dispute of each kind may be
open per return: a second is refused with `DisputeAlreadyOpen` (409), never stored twice.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions as perm
from ..choices import ReturnStatus as S
from ..errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied, ReturnsError
from ..models import Dispute, DisputeKind, DisputeState, ReturnLine
from ..subscribers import Step, publish
from .audit import audit_record
from .transitions import lock_return

MAX_MESSAGE = 2000
# Once the parcel is recorded, what was received can be disputed; once the refund is calculated,
# its deductions. (Cancelled, rejected and expired returns never reach these states.)
RECEIVED_STATES = frozenset({S.RECEIVED, S.INSPECTING, S.INSPECTED, S.REFUND_PENDING_APPROVAL, S.REFUND_APPROVED,
                             S.REFUNDED, S.CLOSED})
PRICED_STATES = frozenset({S.INSPECTED, S.REFUND_PENDING_APPROVAL, S.REFUND_APPROVED, S.REFUNDED, S.CLOSED})


class DisputeAlreadyOpen(ReturnsError):
    code = "dispute_already_open"
    status = 409


def missing_units(line) -> int:
    """Units the customer asked to return that were not found in the parcel (0 before receipt)."""
    if line.unexpected or line.request.received_at is None:
        return 0
    return max(line.quantity_requested - line.quantity_received, 0)


def short_lines(ret) -> list[ReturnLine]:
    """The lines of `ret` that arrived with fewer units than requested."""
    return [line for line in ret.lines.select_related("product", "request") if missing_units(line) > 0]


def disputable_kinds(ret) -> list[str]:
    """What the customer may dispute now, whether or not a dispute of that kind is already open."""
    kinds = []
    if ret.state in RECEIVED_STATES and short_lines(ret):
        kinds.append(DisputeKind.SHORT_RECEIPT)
    if ret.state in PRICED_STATES:
        kinds.append(DisputeKind.DEDUCTION)
    if ret.state in RECEIVED_STATES:
        kinds.append(DisputeKind.OTHER)
    return kinds


def _may_open(ret, actor) -> bool:
    return perm.customer_owner(ret, actor) or perm.reviewer(ret, actor)


def _check_kind(ret, kind, line):
    if kind not in DisputeKind.values:
        raise InvalidReturnRequest(_("Choose what you disagree with."))
    if kind not in disputable_kinds(ret):
        messages = {
            DisputeKind.SHORT_RECEIPT: _("Every item of %(rma)s was found in the parcel: there is no missing item "
                                         "to dispute."),
            DisputeKind.DEDUCTION: _("The refund of %(rma)s is not calculated yet: there is no deduction to "
                                     "dispute."),
            DisputeKind.OTHER: _("%(rma)s can be disputed once its parcel has been received."),
        }
        raise IllegalTransition(messages[kind] % {"rma": ret.rma_number})
    if kind == DisputeKind.SHORT_RECEIPT and line is not None and missing_units(line) == 0:
        raise InvalidReturnRequest(_("Every unit of %(name)s was found in the parcel.") % {"name": line.product.name})


def dispute_open(*, return_id, actor, kind, message, line_id=None, request_id="") -> Dispute:
    """A dispute by the customer who made the return (or an agent on their behalf), audited."""
    message = (message or "").strip()
    if not message:
        raise InvalidReturnRequest(_("Tell us what you disagree with."))
    if len(message) > MAX_MESSAGE:
        raise InvalidReturnRequest(_("Please keep your message under %(count)d characters.") % {"count": MAX_MESSAGE})
    with transaction.atomic():
        ret = lock_return(return_id)
        if not _may_open(ret, actor):
            raise ReturnPermissionDenied(_("Only the customer who made the return can dispute it."))
        line = None
        if line_id not in (None, ""):
            line = ret.lines.select_related("product", "request").filter(pk=line_id).first()
            if line is None:
                raise InvalidReturnRequest(_("That item is not part of %(rma)s.") % {"rma": ret.rma_number})
        _check_kind(ret, kind, line)
        if ret.disputes.filter(kind=kind, state=DisputeState.OPEN).exists():
            raise _already_open(ret, kind)
        try:
            with transaction.atomic():  # a savepoint: the race loser gets the same clear message
                dispute = Dispute.objects.create(return_request=ret, line=line, kind=kind, message=message,
                                                 opened_by=actor if actor.is_authenticated else None)
        except IntegrityError:
            raise _already_open(ret, kind) from None
        audit_record(request=ret, actor=actor, action="dispute_opened", from_state=ret.state, to_state=ret.state,
                     reason=kind, note=message, request_id=request_id,
                     data={"dispute": dispute.pk, "kind": kind, "line": line.pk if line else None})
        return dispute


def _already_open(ret, kind) -> DisputeAlreadyOpen:
    return DisputeAlreadyOpen(
        _("You already have an open dispute about %(what)s for %(rma)s: our support team is looking into it and "
          "will answer you.") % {
            "what": str(DisputeKind(kind).label).lower(), "rma": ret.rma_number},
        details={"kind": kind})


def dispute_resolve(*, dispute_id, actor, note, request_id="") -> Dispute:
    """A support agent closes the dispute with an answer for the customer, audited."""
    if not actor.has_perm(perm.PERM_REVIEW):
        raise ReturnPermissionDenied(_("Only support agents can resolve disputes."))
    note = (note or "").strip()
    if not note:
        raise InvalidReturnRequest(_("Write the answer for the customer: how the dispute was resolved."))
    with transaction.atomic():
        ret_id = Dispute.objects.filter(pk=dispute_id).values_list("return_request_id", flat=True).first()
        if ret_id is None:
            raise InvalidReturnRequest(_("This dispute does not exist."))
        ret = lock_return(ret_id)
        dispute = Dispute.objects.select_for_update().get(pk=dispute_id)
        if not dispute.is_open:
            raise IllegalTransition(_("This dispute was already resolved."))
        dispute.state, dispute.resolution_note = DisputeState.RESOLVED, note
        dispute.resolved_by, dispute.resolved_at = actor, timezone.now()
        dispute.save(update_fields=["state", "resolution_note", "resolved_by", "resolved_at"])
        event = audit_record(request=ret, actor=actor, action="dispute_resolved", from_state=ret.state,
                             to_state=ret.state, reason=dispute.kind, note=note, request_id=request_id,
                             data={"dispute": dispute.pk, "kind": dispute.kind, "line": dispute.line_id})
        # Not a transition, but a step the customer hears about: the portal's subscriber e-mails the answer.
        publish(Step(request=ret, event=event, action="dispute_resolved", actor=actor, data=event.data))
        return dispute
