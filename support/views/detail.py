"""A return's detail page for agents, and an unidentified parcel's page."""
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from inspection.models import UnidentifiedParcel
from refunds.models import Refund
from refunds.services import PRICED_STATES, allowed_methods, refund_preview
from returns import permissions as perm
from returns.models import ReturnRequest

from .. import record as records
from ..actions import REFUND_DECISIONS, hold_offer, offers
from ..forms import DecisionForm, NoteForm, ParcelResolveForm, RefundMethodForm
from ..detail_extras import console_extras
from ..quiet_decisions import is_routine_release
from ..services import METHOD_OPEN_STATES, REFUND_OPEN_STATES
from . import staff_required


def get_return(rma, user):
    ret = get_object_or_404(ReturnRequest.objects.select_related("customer", "order", "refund_proposed_by"),
                            rma_number=rma)
    if not perm.can_view_return(ret, user):  # the role check passed; the object check too, always
        raise PermissionDenied("You cannot see this return.")
    return ret


def decision_form(ret, decision, data=None):
    initial = {"expected_total": ret.refund_amount} if decision.action in REFUND_DECISIONS else {}
    routine = decision.action == "release_refund" and is_routine_release(ret)
    return DecisionForm(data, decision=decision, prefix=decision.action, initial=initial, routine=routine)


def hold_form(line, decision, data=None):
    return DecisionForm(data, decision=decision, prefix=f"hold-{line.pk}-{decision.action}")


def render_detail(request, ret, *, bound=None, status=200, fresh=False):
    """The page; `bound` replaces the empty form of the same prefix with the submitted one (errors).
    After a refused write `ret` may be stale and is read again; `fresh`: it was just read."""
    bound = bound or {}
    if not fresh:
        ret.refresh_from_db()
    record = records.build(ret)
    offer = offers(ret, request.user)
    decisions = [(d, bound.get(d.action) or decision_form(ret, d)) for d in offer.decisions]
    holds = []
    for line_record in record.lines:
        line = line_record.line
        if not line.hold_reason:
            continue
        choices, why_not = hold_offer(line, request.user)
        forms = [(d, bound.get(f"hold-{line.pk}-{d.action}") or hold_form(line, d)) for d in choices]
        holds.append({"record": line_record, "forms": forms, "why_not": why_not})
    methods = allowed_methods(ret) if ret.state in METHOD_OPEN_STATES else []
    can_refund = request.user.has_perm(perm.PERM_RELEASE_REFUND)
    context = {
        "ret": ret, "record": record, "offer": offer, "decisions": decisions, "holds": holds,
        "breakdown": refund_preview(ret) if ret.state in PRICED_STATES else None,
        "refund": Refund.objects.filter(return_request=ret).first(),
        "store_credit": getattr(ret, "store_credit", None),
        "can_recalculate": can_refund and ret.state in REFUND_OPEN_STATES,
        "method_form": bound.get("method") or (RefundMethodForm(allowed=methods, initial={"method": ret.refund_method})
                                               if can_refund and len(methods) > 1 else None),
        "note_form": bound.get("note") or NoteForm(),
        "flagged": [{**r, "label": records.rule_label(r.get("rule", ""))} for r in ret.policy_results
                    if r.get("outcome") != "pass"],
        "two_person_limit": settings.RETURNFLOW["TWO_PERSON_REFUND_THRESHOLD"], "nav": "queues",
    }
    context.update(console_extras(request, ret, record, offer, bound))  # assignment, lock, customer, replies
    return render(request, "support/detail.html", context, status=status)


@staff_required
def detail(request, rma):
    return render_detail(request, get_return(rma, request.user), fresh=True)


def render_parcel(request, parcel, form=None, status=200):
    return render(request, "support/parcel.html", {
        "parcel": parcel, "photos": list(parcel.photos.all()), "form": form or ParcelResolveForm(),
        "discrepancies": list(parcel.discrepancies.all()), "nav": "queues",
    }, status=status)


@staff_required
def parcel(request, pk):
    return render_parcel(request, get_object_or_404(UnidentifiedParcel, pk=pk))
