"""The decisions an agent can take on a return, their reason codes, and who may take which.

The lifecycle services make each decision and write its audit row (with the reason code and the
note given here); this module only decides what to offer on the page and explains what is not.
"""
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from inspection.holds import HOLD_RULES, line_inspectors
from returns import permissions as perm
from returns.choices import ReturnStatus
from returns.decisions import NEGATIVE, POSITIVE, DecisionReason  # noqa: F401 (DecisionReason re-exported)
from returns.services import lifecycle
from returns.services.transitions import allowed_actions




@dataclass(frozen=True)
class Decision:
    action: str
    label: str
    service: object
    reasons: tuple
    done: str = ""  # what the success message says happened
    note_required: bool = False  # a refusal always says why, for the customer and the next agent
    danger: bool = False
    note_help: str = ""  # what the note is for, when not the customer-facing default


DECISIONS = {
    d.action: d for d in [
        Decision("approve", _("Approve the exception"), lifecycle.return_approve, POSITIVE, _("exception approved")),
        Decision("reject", _("Reject the request"), lifecycle.return_reject, NEGATIVE, _("request rejected"),
                 note_required=True, danger=True),
        Decision("release_refund", _("Release the refund"), lifecycle.return_release_refund, POSITIVE,
                 _("refund released; the credit note goes to Odoo")),
        Decision("request_refund_approval", _("Propose the refund for finance approval"),
                 lifecycle.return_request_refund_approval, POSITIVE, _("refund proposed to finance")),
        Decision("approve_refund", _("Approve the refund"), lifecycle.return_approve_refund, POSITIVE,
                 _("refund approved; the credit note goes to Odoo")),
        # What else finance does with a proposal, and the proposer's way back (returns.services.refund_proposals).
        Decision("send_back_refund_proposal", _("Send back to the agent"), lifecycle.refund_proposal_send_back, (),
                 _("proposal sent back to the agent"), note_required=True),
        Decision("reject_refund_proposal", _("Reject the refund"), lifecycle.refund_proposal_reject, NEGATIVE,
                 _("refund rejected; the agent must change it before proposing again"), note_required=True,
                 danger=True, note_help=_("Required: say why, for the agent who proposed it (never shown to the "
                                          "customer).")),
        Decision("withdraw_refund_proposal", _("Withdraw my proposal"), lifecycle.refund_proposal_withdraw, (),
                 _("proposal withdrawn")),
    ]
}
PROPOSAL_DECISIONS = ("send_back_refund_proposal", "reject_refund_proposal", "withdraw_refund_proposal")
HOLD_DECISIONS = {
    "approve": Decision("approve", _("Approve the inspection"), None, HOLD_RULES["approve"].reasons,
                        _("inspection approved, hold released")),
    "reject": Decision("reject", _("Reject: inspect again"), None, HOLD_RULES["reject"].reasons,
                       _("inspection rejected, to be redone"), note_required=True, danger=True),
}
# Decisions whose form carries the refund total the agent saw, so that changed figures are not released.
REFUND_DECISIONS = {"release_refund", "request_refund_approval", "approve_refund"}


def two_person_limit():
    return settings.RETURNFLOW["TWO_PERSON_REFUND_THRESHOLD"]


def needs_two_people(ret) -> bool:
    return ret.refund_amount is not None and ret.refund_amount > two_person_limit()


@dataclass
class Offer:
    """What the decision panel shows: the decisions this user can take, or why there are none."""

    decisions: list
    blocked: list  # sentences explaining a decision the user cannot take here


def offers(ret, user) -> Offer:
    allowed = set(allowed_actions(ret, user))
    decisions, blocked = [], []
    if ret.state == ReturnStatus.PENDING_APPROVAL:
        decisions = [DECISIONS[a] for a in ("approve", "reject") if a in allowed]
        if not decisions:
            blocked.append(_("Only support agents approve or reject exception requests."))
    elif ret.state == ReturnStatus.INSPECTED:
        from .quiet_decisions import mismatch_sentence, open_mismatches

        from .carrier_claims import hold_sentence, rejected_sentence

        if (mismatches := open_mismatches(ret).count()):
            blocked.append(mismatch_sentence(mismatches))  # no release box while a receipt mismatch is open
        elif (on_hold := hold_sentence(ret)):
            blocked.append(on_hold)  # nor while a dispute or carrier claim is open (the lifecycle refuses too)
        elif (rejected := rejected_sentence(ret)):
            blocked.append(rejected)  # finance refused this refund as it stands
        elif ret.refund_amount is None:
            blocked.append(_("The refund could not be calculated, so it cannot be released: see the refund "
                             "section."))
        elif needs_two_people(ret):
            if "request_refund_approval" in allowed:
                decisions = [DECISIONS["request_refund_approval"]]
            blocked.append(_("The refund is above the two-person limit of %(limit)s: one person proposes it, "
                             "a finance colleague who did not propose it approves it.") % {"limit": two_person_limit()})
        elif "release_refund" in allowed:
            decisions = [DECISIONS["release_refund"]]
    elif ret.state == ReturnStatus.REFUND_PENDING_APPROVAL:
        from .carrier_claims import hold_sentence

        on_hold = hold_sentence(ret)
        if "approve_refund" in allowed and on_hold:
            blocked.append(on_hold)
        elif "approve_refund" in allowed:
            decisions = [DECISIONS["approve_refund"]]
        # Sending back and rejecting stay open on hold: neither pays anything.
        decisions += [DECISIONS[a] for a in PROPOSAL_DECISIONS if a in allowed]
        if "approve_refund" not in allowed:
            from .approvers import approvers_sentence  # names who else can approve: no silent dead end

            if user.has_perm(perm.PERM_APPROVE_REFUND) and ret.refund_proposed_by_id == user.pk:
                blocked.append(_("You proposed this refund, so a different finance colleague must approve it "
                                 "(two-person rule).") + " " + approvers_sentence(ret))
            else:
                blocked.append(_("Waiting for a finance colleague to approve the refund.") + " "
                               + approvers_sentence(ret))
    return Offer(decisions, blocked)


def hold_offer(line, user) -> tuple[list, str]:
    """(decisions on this held line for this user, or the reason there are none)."""
    if not user.has_perm(perm.PERM_REVIEW):
        return [], _("Only support agents decide on held lines.")
    if user.pk in line_inspectors(line):
        return [], _("You inspected this line yourself, so another support agent must decide on its hold "
                     "(segregation of duties).")
    return list(HOLD_DECISIONS.values()), ""
