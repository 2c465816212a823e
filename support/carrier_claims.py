"""Holds on a return's refund in the console: open customer disputes and carrier claims.

What the return page and the queues show about them: the sentence a blocked refund decision gives,
the carrier-claim forms (open, resolve), the "Carrier claims" queue and the due dates of both
queues. The rules themselves live in the lifecycle (returns.models.request.no_open_dispute_or_carrier_claim)
and in returns.services.carrier_claims; this module only presents them.
"""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns.models import CarrierClaim, CarrierClaimKind, CarrierClaimOutcome, CarrierClaimState, DisputeState
from returns.models.request import not_a_refund_finance_rejected
from returns.services.carrier_claims import CLAIMABLE_STATES, MAX_NOTE, may_open, may_resolve
from returns.warehouses import filter_by_warehouse

# Disputes have no due date of their own: support answers a customer's dispute within this many days.
DISPUTE_ANSWER_DAYS = 5


def dispute_answer_days() -> int:
    return int(settings.RETURNFLOW.get("DISPUTE_ANSWER_DAYS", DISPUTE_ANSWER_DAYS))


def dispute_due_date(dispute):
    return timezone.localtime(dispute.opened_at).date() + timedelta(days=dispute_answer_days())


def due_extra(due) -> dict:
    """What a queue row shows about a due date: the date, and whether it has passed."""
    return {"due": date_format(due, "Y-m-d"), "overdue": due < timezone.localdate()}


def hold_sentence(ret) -> str:
    """Why no refund decision can be taken while the return is on hold, or '' when it is not."""
    parts = []
    disputes = ret.disputes.filter(state=DisputeState.OPEN).count()
    if disputes:
        parts.append(_("%(n)s customer dispute(s) still open (see Customer disputes below)") % {"n": disputes})
    claim = ret.carrier_claims.filter(state=CarrierClaimState.OPEN).first()
    if claim is not None:
        parts.append(_("a carrier claim with %(carrier)s (%(ref)s, due %(due)s) still open") % {
            "carrier": claim.carrier, "ref": claim.claim_reference, "due": date_format(claim.due_date, "Y-m-d")})
    if not parts:
        return ""
    return _("On hold: %(what)s. No refund is proposed, approved or released until it is resolved.") % {
        "what": "; ".join(parts)}


def rejected_sentence(ret) -> str:
    if not_a_refund_finance_rejected(ret):
        return ""
    return _("Finance rejected this refund as it stands (same amount and refund method): change the refund method "
             "or the figures before proposing it again.")


class CarrierClaimOpenForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Damaged or lost"), choices=CarrierClaimKind.choices)
    carrier = forms.CharField(label=gettext_lazy("Carrier"), max_length=50)
    claim_reference = forms.CharField(label=gettext_lazy("Claim reference"), max_length=100)
    due_date = forms.DateField(label=gettext_lazy("Carrier answers by"),
                               widget=forms.DateInput(attrs={"type": "date"}))
    amount_claimed = forms.DecimalField(label=gettext_lazy("Amount claimed"), min_value=Decimal("0.01"), max_digits=12,
                                        decimal_places=2)
    note = forms.CharField(label=gettext_lazy("What happened to the parcel"), required=False, max_length=MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 2}))


class CarrierClaimResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), choices=CarrierClaimOutcome.choices)
    amount_recovered = forms.DecimalField(label=gettext_lazy("Amount recovered (when paid)"), required=False,
                                          min_value=Decimal("0.01"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=gettext_lazy("What the carrier answered"), max_length=MAX_NOTE,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        paid = data.get("outcome") == CarrierClaimOutcome.PAID
        if paid and data.get("amount_recovered") is None:
            self.add_error("amount_recovered", _("Enter what the carrier paid."))
        if not paid and data.get("amount_recovered") is not None:
            self.add_error("amount_recovered", _("Only a claim the carrier paid recovers an amount."))
        return data


def claim_panel(ret, user, bound=None) -> dict:
    """The return page's carrier-claims section: the claims, the form to open one, a resolve form per open one."""
    bound = bound or {}
    claims = list(ret.carrier_claims.select_related("opened_by", "resolved_by"))
    has_open = any(c.is_open for c in claims)
    open_form = None
    if may_open(user) and ret.state in CLAIMABLE_STATES and not has_open:
        open_form = bound.get("claim-open") or CarrierClaimOpenForm(
            prefix="claim", initial={"carrier": ret.carrier, "amount_claimed": ret.requested_value or None})
    resolve = []
    for claim in claims:
        form = None
        if claim.is_open and may_resolve(user):
            form = bound.get(f"claim-resolve-{claim.pk}") or CarrierClaimResolveForm(prefix=f"resolve-{claim.pk}")
        resolve.append((claim, form))
    return {"claims": resolve, "claim_open_form": open_form, "show_claims": bool(claims) or open_form is not None}


def carrier_claim_rows(f) -> list:
    """Open carrier claims, oldest first (the queue sorts by `since`), each with its due date."""
    from .worklists import return_row, return_search

    claims = (CarrierClaim.objects.filter(state=CarrierClaimState.OPEN)
              .select_related("return_request__customer", "return_request__order"))
    if f.q:
        claims = claims.filter(return_search(f.q, "return_request__"))
    if f.channel:
        claims = claims.filter(return_request__channel=f.channel)
    if getattr(f, "warehouse", None):
        claims = filter_by_warehouse(claims, f.warehouse, "return_request__warehouse")
    rows = []
    for claim in claims:
        summary = f"{claim.get_kind_display()}: {claim.carrier} {claim.claim_reference}"
        if claim.note:
            summary = f"{summary}. {claim.note}"
        row = return_row(claim.return_request, summary, f"{claim.amount_claimed} {claim.currency}",
                         since=claim.opened_at, claim=claim.pk, **due_extra(claim.due_date))
        row.key = f"CLM{claim.pk}"
        row.url = reverse("support:detail", args=[claim.return_request.rma_number]) + "#carrier-claims"
        rows.append(row)
    return rows
