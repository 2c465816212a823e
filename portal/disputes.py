"""The status page's "Dispute this" section: the form a customer uses to say they disagree with a
short receipt, a deduction or anything else, and the disputes they opened with our answers.

The form only offers what can be disputed right now (returns.services.disputes.disputable_kinds);
the service checks everything again when the form is sent.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from returns.models import DisputeKind, DisputeState
from returns.services.disputes import MAX_MESSAGE, disputable_kinds

from .forms import PortalForm

KIND_LABELS = {
    DisputeKind.SHORT_RECEIPT: _("You did not find an item I sent"),
    DisputeKind.DEDUCTION: _("I disagree with a deduction from my refund"),
    DisputeKind.OTHER: _("Something else"),
}


class DisputeForm(PortalForm):
    non_field_anchor = "dispute-form"

    kind = forms.ChoiceField(label=_("What do you disagree with?"),
                             error_messages={"required": _("Choose what you disagree with."),
                                             "invalid_choice": _("Choose what you disagree with.")})
    line = forms.TypedChoiceField(label=_("Which item? (optional)"), required=False, coerce=int, empty_value=None,
                                  error_messages={"invalid_choice": _("Choose one of the items of this return.")})
    message = forms.CharField(
        label=_("Tell us what happened"), max_length=MAX_MESSAGE,
        help_text=_("For example: what you packed, or why the deduction seems wrong. Our support team reads "
                    "every message and answers on this page."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tell us what you disagree with."),
                        "max_length": _("Please keep your message under %(limit_value)d characters.")})

    def __init__(self, *args, ret, **kwargs):
        kwargs.setdefault("prefix", "dispute")
        super().__init__(*args, **kwargs)
        kinds = disputable_kinds(ret)
        self.fields["kind"].choices = [("", _("Choose…"))] + [(kind, KIND_LABELS[kind]) for kind in kinds]
        # A kind already open is not offered again; it stays a valid answer so that a second tab that
        # still offered it gets the service's clear "already open" message, not a bare "choose".
        already = open_kinds(ret)
        self.offered = [kind for kind in kinds if kind not in already]
        self.fields["kind"].widget.choices = [("", _("Choose…"))] + [(kind, KIND_LABELS[kind])
                                                                      for kind in self.offered]
        self.fields["line"].choices = [("", _("The whole return"))] + [
            (line.pk, f"{line.quantity_requested} × {line.product.name}")
            for line in ret.lines.select_related("product").order_by("id")]


def open_kinds(ret) -> set[str]:
    return set(ret.disputes.filter(state=DisputeState.OPEN).values_list("kind", flat=True))


def dispute_section(ret, form=None) -> dict:
    """Template context of the section: the customer's disputes and, while something is left to
    dispute, the form (unbound unless re-shown with its errors)."""
    disputes = list(ret.disputes.select_related("line__product").order_by("opened_at", "id"))
    if form is None:
        form = DisputeForm(ret=ret)
    return {"disputes": disputes, "dispute_form": form if form.offered or form.is_bound else None,
            "open_dispute_kinds": open_kinds(ret)}
