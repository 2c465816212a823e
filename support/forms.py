from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from returns.choices import Channel, RefundMethod
from returns.models import ReturnRequest

from . import sla
from returns.decisions import DecisionReason


class DecisionForm(forms.Form):
    """A decision with its required reason code; refusals and 'other' also need a note."""

    reason = forms.ChoiceField(label=_("Reason code"))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    # The refund total shown to the agent; a release is refused if the figures changed meanwhile.
    expected_total = forms.DecimalField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, decision, routine=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.decision = decision
        if not decision.reasons:  # a decision without reason codes (e.g. sending a proposal back): the note says it
            del self.fields["reason"]
            if decision.note_required:
                self.fields["note"].required = True
                self.fields["note"].help_text = _("Required: say what the agent should look at.")
            return
        self.fields["reason"].choices = [("", _("Choose a reason…"))] + [
            (r.value, r.label) for r in decision.reasons]
        if routine:  # a routine, within-policy release has nothing to explain (support.quiet_decisions)
            self.fields["reason"].required = False
            self.fields["reason"].choices = [("", _("None needed: routine release within policy"))] + [
                (r.value, r.label) for r in decision.reasons]
            self.fields["reason"].help_text = _("Optional: this release is within policy.")
        if decision.note_required:
            self.fields["note"].required = True
            self.fields["note"].help_text = (decision.note_help
                                             or _("Required: say why, for the customer and the next agent."))

    def clean(self):
        data = super().clean()
        if data.get("reason") == DecisionReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Explain the decision when the reason is 'Other'."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note for other agents (not shown to the customer)"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class RefundMethodForm(forms.Form):
    method = forms.ChoiceField(label=_("Refund method"))
    note = forms.CharField(label=_("Why"), max_length=1000)

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [(m, RefundMethod(m).label) for m in allowed]


class ResolveForm(forms.Form):
    note = forms.CharField(label=_("Resolution"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ParcelResolveForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[
        ("match", _("It belongs to a return")), ("close", _("Close without a return (e.g. sent back)"))])
    rma_number = forms.CharField(label=_("RMA number"), required=False, max_length=32)
    note = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "match":
            rma = (data.get("rma_number") or "").strip().upper()
            ret = ReturnRequest.objects.filter(rma_number=rma).first() if rma else None
            if ret is None:
                self.add_error("rma_number", _("Enter the RMA number of an existing return."))
            data["return_request"] = ret
        return data


class QueueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search RMA, order or customer"), required=False, max_length=100)
    sla = forms.ChoiceField(label=_("Age"), required=False,
                            choices=[("", _("All"))] + [(k, v) for k, v in sla.LABELS.items()])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("All"))] + Channel.choices)
    assignee = forms.ChoiceField(label=_("Assigned"), required=False, choices=[
        ("", _("Anyone")), ("mine", _("To me")), ("unassigned", _("Nobody")), ("others", _("To colleagues"))])


class DateRangeForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    DEFAULT_DAYS = 90
    MAX_DAYS = 731

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        end = data.get("date_to") or today
        start = data.get("date_from") or end - timedelta(days=self.DEFAULT_DAYS)
        if start > end:
            raise forms.ValidationError(_("The start date must be on or before the end date."))
        if (end - start).days > self.MAX_DAYS:
            raise forms.ValidationError(_("Choose a range of at most two years."))
        data["date_from"], data["date_to"] = start, end
        return data
