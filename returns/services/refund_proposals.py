"""What finance (or the proposer) does with a refund proposal other than approving it.

Each is a lifecycle transition REFUND_PENDING_APPROVAL → INSPECTED run through `run_transition`
(state, permission, audit record, subscribers), and each clears `refund_proposed_by`:

- **reject** (finance, not the proposer): the refund as proposed is refused. A reason code that
  fits a refusal and a note are required. The same amount and refund method can then not be
  proposed or released again (guard `not_a_refund_finance_rejected`): the agent changes the method
  or the figures, or the return stays inspected without a refund until they do.
- **send back** (finance, not the proposer): the agent is asked to look again; the note (required)
  says what. It may be proposed again as it is.
- **withdraw** (the proposer only): they take their own proposal back, e.g. to correct it.

The audit record carries what was proposed (amount, method, proposer), which is what the console
shows the proposer and what the reject guard compares with.
"""
from django.utils.translation import gettext as _

from ..decisions import NEGATIVE, reason_problems
from ..errors import InvalidReturnRequest
from ..models.request import refund_key
from .transitions import run_transition

REJECT, SEND_BACK, WITHDRAW = "reject_refund_proposal", "send_back_refund_proposal", "withdraw_refund_proposal"
PROPOSAL_RETURNS = (REJECT, SEND_BACK, WITHDRAW)
MAX_NOTE = 2000


def _back_to_agent(action, *, return_id, actor, reason, note, request_id, check=None):
    data = {}

    def prepare(ret):
        # After the state and permission checks, so someone who may not decide learns nothing from a 400.
        if check is not None:
            check()
        amount, method = refund_key(ret)
        proposer = ret.refund_proposed_by
        data.update(amount=amount, method=method, currency=ret.order.currency,
                    proposed_by=proposer.get_username() if proposer else "",
                    proposed_by_name=(proposer.get_full_name() or proposer.get_username()) if proposer else "")

    from refunds.bookkeeping import refund_record_proposal_returned

    return run_transition(return_id=return_id, action=action, actor=actor, reason=reason, note=note,
                          request_id=request_id, prepare=prepare, data=data, then=refund_record_proposal_returned)


def _note_problems(note, required):
    note = (note or "").strip()
    if required and not note:
        return {"note": _("Required: say why, for the agent who proposed the refund.")}
    if len(note) > MAX_NOTE:
        return {"note": _("Keep the note under %(n)d characters.") % {"n": MAX_NOTE}}
    return {}


def _refuse(problems):
    if problems:
        raise InvalidReturnRequest(" ".join(problems.values()), details=problems)


def refund_proposal_reject(*, return_id, actor, reason="", note="", request_id=""):
    """Finance refuses the proposed refund: reason code (a refusal's) and note required."""
    def check():
        _refuse({**reason_problems(reason, note, reasons=NEGATIVE, note_required=True),
                 **_note_problems(note, required=True)})

    return _back_to_agent(REJECT, return_id=return_id, actor=actor, reason=reason, note=(note or "").strip(),
                          request_id=request_id, check=check)


def refund_proposal_send_back(*, return_id, actor, reason="", note="", request_id=""):
    """Finance hands the proposal back to the agent with a note (required) saying what to look at."""
    return _back_to_agent(SEND_BACK, return_id=return_id, actor=actor, reason="", note=(note or "").strip(),
                          request_id=request_id, check=lambda: _refuse(_note_problems(note, required=True)))


def refund_proposal_withdraw(*, return_id, actor, reason="", note="", request_id=""):
    """The proposer takes their own proposal back (a note is welcome, not required)."""
    return _back_to_agent(WITHDRAW, return_id=return_id, actor=actor, reason="", note=(note or "").strip(),
                          request_id=request_id, check=lambda: _refuse(_note_problems(note, required=False)))
