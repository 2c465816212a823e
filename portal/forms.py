"""Forms of the portal. Field errors are worded for customers and shown next to each field and in
the error summary at the top of the page (see templates/portal/includes/error_summary.html)."""
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from inspection.photo_limits import MAX_CUSTOMER_PHOTOS_PER_LINE
from returns.choices import RefundMethod
from returns.orders import normalize_order_number

MAX_PHOTOS = MAX_CUSTOMER_PHOTOS_PER_LINE
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,48}$")

# The customer's own statement of condition, and the inspection grade it suggests: only used to
# estimate the refund; the warehouse grades the item on arrival.
CONDITIONS = [
    ("unopened", _("Unopened, in its original packaging")),
    ("opened", _("Opened, as new")),
    ("used", _("Used")),
    ("damaged", _("Damaged or faulty")),
]
CONDITION_GRADES = {"unopened": "A", "opened": "B", "used": "C", "damaged": "D"}


def error_entries(form):
    """(field id, message) pairs for the error summary, in the order of the fields on the page."""
    entries = []
    for name, errors in form.errors.items():
        anchor = form[name].auto_id if name in form.fields else form.non_field_anchor
        entries.extend((anchor, message) for message in errors)
    return entries


class PortalForm(forms.Form):
    # Where a non-field error's summary link points to.
    non_field_anchor = "main"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def full_clean(self):
        super().full_clean()
        # Screen readers announce the error with the field (templates render "<id>-error").
        for name in self._errors or {}:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                hint = attrs.get("aria-describedby", "")
                attrs["aria-describedby"] = f"{self[name].auto_id}-error {hint}".strip()


class LookupForm(PortalForm):
    order_number = forms.CharField(label=_("Order number"), max_length=64,
                                   help_text=_("It starts with S, for example S10001. You find it in your order "
                                               "confirmation e-mail."),
                                   error_messages={"required": _("Enter your order number.")},
                                   widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters",
                                                                 "spellcheck": "false"}))
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254,
                             error_messages={"invalid": _("Enter an e-mail address like name@example.com.")},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    postcode = forms.CharField(label=_("Or the delivery postcode"), required=False, max_length=20,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    non_field_anchor = "id_order_number"

    def clean_order_number(self):
        return normalize_order_number(self.cleaned_data["order_number"])

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("email") or data.get("postcode", "").strip()):
            self.add_error("email", _("Enter the e-mail address you ordered with, or the delivery postcode."))
        return data


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one <input type=file multiple>; the images are checked by the line form."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*", "multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleImageField, self).clean(item, initial) for item in files if item]


class ReviewForm(PortalForm):
    exception_message = forms.CharField(
        label=_("Why should we make an exception?"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: you were away when the parcel arrived, or the item broke soon after the deadline."))
    refund_method = forms.ChoiceField(label=_("How would you like your refund?"), choices=RefundMethod.choices,
                                      widget=forms.RadioSelect, required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    non_field_anchor = "send"

    def __init__(self, *args, needs_exception=False, refund_methods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_exception = needs_exception
        self.refund_methods = list(refund_methods)
        self.fields["refund_method"].choices = [(m, label) for m, label in RefundMethod.choices
                                                if m in self.refund_methods]
        if len(self.refund_methods) > 1:
            self.fields["refund_method"].required = True
            self.fields["refund_method"].error_messages["required"] = _("Choose how you would like your refund.")
        if needs_exception:
            self.fields["exception_message"].required = True
            self.fields["exception_message"].error_messages["required"] = _(
                "Tell us why we should accept this return, or go back and remove the items outside the policy.")

    def clean_refund_method(self):
        method = self.cleaned_data.get("refund_method")
        if not method and self.refund_methods:
            method = self.refund_methods[0]
        return method

    def clean_exception_message(self):
        message = self.cleaned_data.get("exception_message", "").strip()
        # Only an exception request carries a message: it is what sends a return to an agent.
        return message if self.needs_exception else ""


class ShipForm(PortalForm):
    carrier = forms.CharField(label=_("Carrier"), max_length=50,
                              help_text=_("The company that collects the parcel, for example PostNL, DHL or UPS."),
                              error_messages={"required": _("Enter the carrier you sent the parcel with.")},
                              widget=forms.TextInput(attrs={"list": "carriers", "autocomplete": "off"}))
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100,
                                      error_messages={"required": _("Enter the tracking number from your receipt.")},
                                      widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false",
                                                                    "autocapitalize": "characters"}))
    non_field_anchor = "id_carrier"

    def clean_carrier(self):
        return " ".join(self.cleaned_data["carrier"].split())

    def clean_tracking_number(self):
        value = self.cleaned_data["tracking_number"].strip()
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 \-]{3,99}", value):
            raise forms.ValidationError(_("A tracking number has at least 4 letters and digits, like JD014600003828."))
        return value


class SignInForm(PortalForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254,
                             help_text=_("We send a link to this address. It signs you in once, without a password."),
                             error_messages={"required": _("Enter the e-mail address you ordered with."),
                                             "invalid": _("Enter an e-mail address like name@example.com.")},
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    non_field_anchor = "id_email"
