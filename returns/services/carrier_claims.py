"""Opening and resolving carrier claims: a parcel damaged or lost in transit, claimed from the carrier.

Support agents open them from a return's console page or the API (`carrier_claim_open`); support or
finance resolve them with the outcome and the amount recovered (`carrier_claim_resolve`). Both lock
the return, check the actor, the state and the input, and write an audit record in the same
transaction. One claim may be open per return: a second is refused with `CarrierClaimAlreadyOpen`
(409). While one is open, the refund steps refuse (returns.models.request.no_open_dispute_or_carrier_claim).
"""
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions as perm
from ..choices import ReturnStatus as S
from ..errors import IllegalTransition, InvalidReturnRequest, ReturnPermissionDenied, ReturnsError
from ..models import CarrierClaim, CarrierClaimKind, CarrierClaimOutcome, CarrierClaimState
from .audit import audit_record
from .transitions import lock_return

MAX_NOTE = 2000
# A parcel can be claimed for once it was on its way (lost), or once it arrived (damaged); a return
# that never got a parcel, or is already closed, has nothing to claim for.
CLAIMABLE_STATES = frozenset({S.AUTHORIZED, S.IN_TRANSIT, S.RECEIVED, S.INSPECTING, S.INSPECTED,
                              S.REFUND_PENDING_APPROVAL, S.REFUND_APPROVED, S.REFUNDED})
CENT = Decimal("0.01")


class CarrierClaimAlreadyOpen(ReturnsError):
    code = "carrier_claim_already_open"
    status = 409


def may_open(user) -> bool:
    return user.has_perm(perm.PERM_REVIEW)


def may_resolve(user) -> bool:
    return user.has_perm(perm.PERM_REVIEW) or user.has_perm(perm.PERM_APPROVE_REFUND)


def _amount(value, field, problems, *, required=True):
    if value in (None, ""):
        if required:
            problems[field] = _("Enter the amount.")
        return None
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, ValueError):
        problems[field] = _("Enter an amount such as 49.90.")
        return None
    if amount <= 0 or amount >= Decimal("1e10"):
        problems[field] = _("Enter an amount above zero.")
        return None
    return amount


def _open_problems(kind, carrier, claim_reference, due_date, amount_claimed, note) -> tuple[dict, Decimal | None]:
    problems = {}
    if kind not in CarrierClaimKind.values:
        problems["kind"] = _("Choose whether the parcel was damaged or lost.")
    if not carrier:
        problems["carrier"] = _("Enter the carrier.")
    elif len(carrier) > 50:
        problems["carrier"] = _("Keep the carrier's name under 50 characters.")
    if not claim_reference:
        problems["claim_reference"] = _("Enter the carrier's claim reference.")
    elif len(claim_reference) > 100:
        problems["claim_reference"] = _("Keep the claim reference under 100 characters.")
    if not isinstance(due_date, date):
        problems["due_date"] = _("Enter the date the carrier has to answer by.")
    amount = _amount(amount_claimed, "amount_claimed", problems)
    if len(note) > MAX_NOTE:
        problems["note"] = _("Keep the note under %(n)d characters.") % {"n": MAX_NOTE}
    return problems, amount


def carrier_claim_open(*, return_id, actor, kind, carrier, claim_reference, due_date, amount_claimed, note="",
                       request_id="") -> CarrierClaim:
    """Support claims from the carrier for the return's parcel; the return's refund waits until it is resolved."""
    if not may_open(actor):
        raise ReturnPermissionDenied(_("Only support agents can open a carrier claim."))
    carrier, claim_reference, note = (carrier or "").strip(), (claim_reference or "").strip(), (note or "").strip()
    problems, amount = _open_problems(kind, carrier, claim_reference, due_date, amount_claimed, note)
    if problems:
        raise InvalidReturnRequest(" ".join(problems.values()), details=problems)
    with transaction.atomic():
        ret = lock_return(return_id)
        if ret.state not in CLAIMABLE_STATES:
            raise IllegalTransition(_("%(rma)s is %(state)s: there is no parcel in transit to claim for.") % {
                "rma": ret.rma_number, "state": ret.get_state_display().lower()})
        if ret.carrier_claims.filter(state=CarrierClaimState.OPEN).exists():
            raise _already_open(ret)
        try:
            with transaction.atomic():  # a savepoint: the loser of a race gets the same clear message
                claim = CarrierClaim.objects.create(
                    return_request=ret, kind=kind, carrier=carrier, claim_reference=claim_reference,
                    due_date=due_date, amount_claimed=amount, currency=ret.order.currency, note=note,
                    opened_by=actor)
        except IntegrityError:
            raise _already_open(ret) from None
        audit_record(request=ret, actor=actor, action="carrier_claim_opened", from_state=ret.state,
                     to_state=ret.state, reason=kind, note=note, request_id=request_id,
                     data={"claim": claim.pk, "kind": kind, "carrier": carrier, "claim_reference": claim_reference,
                           "due_date": due_date.isoformat(), "amount_claimed": str(amount),
                           "currency": claim.currency})
        return claim


def _already_open(ret) -> CarrierClaimAlreadyOpen:
    return CarrierClaimAlreadyOpen(
        _("%(rma)s already has an open carrier claim: resolve it before opening another.") % {"rma": ret.rma_number})


def carrier_claim_resolve(*, claim_id, actor, outcome, amount_recovered=None, note="", request_id="") -> CarrierClaim:
    """The carrier answered (or the claim is withdrawn): record the outcome and what was recovered."""
    if not may_resolve(actor):
        raise ReturnPermissionDenied(_("Only support and finance can resolve a carrier claim."))
    note = (note or "").strip()
    problems = {}
    if outcome not in CarrierClaimOutcome.values:
        problems["outcome"] = _("Choose the outcome: paid, denied or withdrawn.")
    amount = None
    if outcome == CarrierClaimOutcome.PAID:
        amount = _amount(amount_recovered, "amount_recovered", problems)
    elif amount_recovered not in (None, "") and outcome in CarrierClaimOutcome.values:
        problems["amount_recovered"] = _("Only a claim the carrier paid recovers an amount.")
    if not note:
        problems["note"] = _("Say what the carrier answered.")
    elif len(note) > MAX_NOTE:
        problems["note"] = _("Keep the note under %(n)d characters.") % {"n": MAX_NOTE}
    if problems:
        raise InvalidReturnRequest(" ".join(problems.values()), details=problems)
    with transaction.atomic():
        ret_id = CarrierClaim.objects.filter(pk=claim_id).values_list("return_request_id", flat=True).first()
        if ret_id is None:
            raise InvalidReturnRequest(_("This carrier claim does not exist."))
        ret = lock_return(ret_id)
        claim = CarrierClaim.objects.select_for_update().get(pk=claim_id)
        if not claim.is_open:
            raise IllegalTransition(_("This carrier claim was already resolved."))
        claim.state, claim.outcome, claim.amount_recovered = CarrierClaimState.RESOLVED, outcome, amount
        claim.resolution_note, claim.resolved_by, claim.resolved_at = note, actor, timezone.now()
        claim.save(update_fields=["state", "outcome", "amount_recovered", "resolution_note", "resolved_by",
                                  "resolved_at"])
        audit_record(request=ret, actor=actor, action="carrier_claim_resolved", from_state=ret.state,
                     to_state=ret.state, reason=outcome, note=note, request_id=request_id,
                     data={"claim": claim.pk, "outcome": outcome, "claim_reference": claim.claim_reference,
                           "amount_recovered": str(amount) if amount is not None else None,
                           "currency": claim.currency})
        return claim
