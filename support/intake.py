"""A return created by an agent on the customer's behalf (they phoned or e-mailed).

The same creation service as the portal (returns.services.creation.return_create): the same policy
checks, channel "support", and the customer gets the same e-mails with their status link (the
creation and review steps' subscribers send them). A hidden submission key makes a double click
create one return, not two.
"""
from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns.choices import Channel
from returns.models import ReasonCode, SalesOrder
from returns.services.creation import LineInput, return_create


def find_order(number: str):
    number = (number or "").strip()[:64]
    return SalesOrder.objects.select_related("customer").filter(number__iexact=number).first() if number else None


class OnBehalfForm(forms.Form):
    """One quantity and reason per order line, plus what the customer said, as they said it."""

    exception_message = forms.CharField(
        label=gettext_lazy("The customer's reason for an exception (only if the policy refuses it otherwise)"),
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    how = forms.ChoiceField(label=gettext_lazy("The customer asked by"),
                            choices=[("phone", gettext_lazy("Phone")), ("email", gettext_lazy("E-mail"))])
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, order, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.order_lines = list(order.lines.select_related("product"))
        reasons = [("", _("Choose…"))] + list(ReasonCode.objects.filter(active=True).values_list("code", "label"))
        for line in self.order_lines:
            self.fields[f"qty_{line.pk}"] = forms.IntegerField(
                label=_("Units of %(sku)s to return") % {"sku": line.product.sku}, min_value=0,
                max_value=line.quantity_delivered, initial=0, required=False)
            self.fields[f"reason_{line.pk}"] = forms.ChoiceField(
                label=_("Reason for %(sku)s") % {"sku": line.product.sku}, choices=reasons, required=False)
        if not self.is_bound:
            self.initial["submission_key"] = uuid.uuid4().hex

    def rows(self):
        return [(line, self[f"qty_{line.pk}"], self[f"reason_{line.pk}"]) for line in self.order_lines]

    def clean(self):
        data = super().clean()
        lines = []
        for line in self.order_lines:
            qty = data.get(f"qty_{line.pk}") or 0
            if qty and not data.get(f"reason_{line.pk}"):
                self.add_error(f"reason_{line.pk}", _("Choose the customer's reason for this item."))
            if qty:
                lines.append(LineInput(order_line_id=line.pk, quantity=qty, reason_code=data.get(f"reason_{line.pk}")
                                       or "", comment=""))
        if not lines and not self.errors:
            raise forms.ValidationError(_("Enter how many units of at least one item the customer returns."))
        data["lines"] = lines
        return data


def create_on_behalf(*, form: OnBehalfForm, actor, request_id=""):
    data = form.cleaned_data
    how = dict(form.fields["how"].choices)[data["how"]]
    return return_create(order=form.order, actor=actor, lines=data["lines"], channel=Channel.SUPPORT,
                         exception_message=data["exception_message"], request_id=request_id,
                         idempotency_key=f"support-{data['submission_key']}"[:64]), how
