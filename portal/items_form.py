"""The "choose items" form: one small form per returnable order line, plus checks on the whole.

Photos are validated here with inspection.evidence.check_photo, before anything is stored: a page
with a bad photo, a too-high quantity or a tampered field saves nothing at all.
"""
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspection.evidence import PhotoInvalid, check_photo
from returns.models import ReasonCode

from .exchange_options import exchange_options, exchanges_enabled, option_for
from .forms import CONDITIONS, MAX_PHOTOS, TOKEN_RE, MultipleImageField, PortalForm
from .reason_labels import reason_label

_LINE_FIELD = re.compile(r"^line-(\d+)-")


class ReturnLineForm(PortalForm):
    reason = forms.ChoiceField(label=gettext_lazy("Why are you returning it?"), required=False)
    condition = forms.ChoiceField(label=gettext_lazy("What condition is it in?"), required=False,
                                  choices=[("", gettext_lazy("Choose the condition"))] + CONDITIONS)
    comment = forms.CharField(label=gettext_lazy("Anything else we should know? (optional)"), required=False,
                              max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                              error_messages={"max_length": gettext_lazy("Keep the comment under %(limit_value)d "
                                                                  "characters.")})
    photos = MultipleImageField(label=gettext_lazy("Photos"), required=False)

    def __init__(self, *args, info, reasons, kept_photos=(), exchange_options=(), **kwargs):
        super().__init__(*args, prefix=info.prefix, **kwargs)
        self.info = info
        self.exchange_options = list(exchange_options)
        # The page's error summary links to this form's quantity: it must be visible.
        self.summary_points_here = False
        self.reasons = {reason.code: reason for reason in reasons}
        self.kept_photos = list(kept_photos)
        self.photo_infos = []  # (upload, PhotoInfo) of every accepted new photo
        self.fields["quantity"] = forms.IntegerField(
            label=_("How many to return"), required=False, min_value=0, max_value=info.returnable, initial=0,
            error_messages={"max_value": _("You can return at most %(limit_value)s of this item."),
                            "min_value": _("The quantity cannot be negative."),
                            "invalid": _("Enter the number of items as a whole number, like 1.")},
            widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": info.returnable}))
        if self.exchange_options:
            currency = info.order_line.order.currency
            self.fields["exchange_for"] = forms.ChoiceField(
                label=_("Exchange it for another size or colour instead of a refund?"), required=False,
                choices=[("", _("No, refund me"))] + [(o.value, o.label(currency)) for o in self.exchange_options])
        self.order_fields(["quantity", "exchange_for", "reason", "condition", "comment", "photos"])
        self.fields["reason"].choices = [("", _("Choose a reason"))] + [(r.code, reason_label(r)) for r in reasons]

    @property
    def photo_reason_codes(self):
        return [code for code, reason in self.reasons.items() if reason.requires_photo]

    @property
    def starts_open(self) -> bool:
        """Show the item's fields when it is chosen (in the draft, or posted) or has an error."""
        if self.is_bound:
            return self.summary_points_here or bool(self.errors) or self.chosen_quantity > 0
        return bool(self.initial.get("quantity"))

    @property
    def chosen_quantity(self) -> int:
        return (self.cleaned_data.get("quantity") or 0) if hasattr(self, "cleaned_data") else 0

    def clean(self):
        data = super().clean()
        quantity = data.get("quantity") or 0
        if "quantity" in self.errors or quantity == 0:
            return data
        reason = self.reasons.get(data.get("reason") or "")
        if reason is None:
            self.add_error("reason", _("Choose why you are returning this item."))
        if not data.get("condition"):
            self.add_error("condition", _("Choose the condition the item is in."))
        self._check_exchange(data, quantity)
        photos = data.get("photos") or []
        if len(photos) > MAX_PHOTOS:
            self.add_error("photos", _("Add at most %(count)d photos per item.") % {"count": MAX_PHOTOS})
            return data
        for upload in photos:
            try:
                self.photo_infos.append((upload, check_photo(upload)))
            except PhotoInvalid as exc:
                self.add_error("photos", exc.message)
        if reason is not None and reason.requires_photo and not photos and not self.kept_photos:
            self.add_error("photos", _("Add at least one photo that shows the problem (required for “%(reason)s”).")
                           % {"reason": reason_label(reason)})
        return data


    def _check_exchange(self, data, quantity):
        chosen = data.get("exchange_for") or ""
        if not chosen:
            return
        option = option_for(self.exchange_options, chosen)
        if option is None:
            self.add_error("exchange_for", _("Choose one of the sizes or colours listed, or a refund."))
        elif not option.available_for(quantity):
            self.add_error("exchange_for", _("This one is out of stock for the quantity you chose: choose another "
                                             "or a refund."))


class ItemsForm:
    """All line forms of one order, the hidden line list and the one-time form token."""

    def __init__(self, availability, data=None, files=None, *, token, draft=None):
        self.data = data
        self.files = files
        self.availability = availability
        self.selectable = [info for info in availability if info.selectable]
        self.token = token
        self.errors = []  # form-level (anchor, message)
        reasons = list(ReasonCode.objects.filter(active=True))
        drafted = {line["order_line_id"]: line for line in (draft or {}).get("lines", [])}
        self.line_forms = []
        for info in self.selectable:
            saved = drafted.get(info.pk, {})
            initial = {key: saved.get(key) for key in ("quantity", "reason", "condition", "comment")} if saved else {}
            initial["exchange_for"] = saved.get("exchange_for", "")
            options = exchange_options(info.order_line) if exchanges_enabled() else []
            self.line_forms.append(ReturnLineForm(data, files, info=info, reasons=reasons, initial=initial,
                                                  kept_photos=saved.get("photos", []), exchange_options=options))
        self.forms_by_line = {form.info.pk: form for form in self.line_forms}

    def _hidden_fields_match(self) -> bool:
        known = {str(info.pk) for info in self.selectable}
        submitted = self.data.getlist("line")
        if not submitted or len(set(submitted)) != len(submitted) or not set(submitted) <= known:
            return False
        posted_line_ids = {m.group(1) for key in [*self.data.keys(), *self.files.keys()]
                           if (m := _LINE_FIELD.match(key))}
        return posted_line_ids <= known

    def is_valid(self) -> bool:
        if not self._hidden_fields_match():
            self.errors.append(("items", _(
                "The form no longer matches your order: it mentions an item that is not part of this order or "
                "can no longer be returned. Check the items below and send the form again.")))
        if not TOKEN_RE.match(self.data.get("form_token", "")):
            self.errors.append(("items", _("This form is out of date. Check the items below and send it again.")))
        forms_valid = all([form.is_valid() for form in self.line_forms])
        if forms_valid and not self.errors and not self.chosen():
            anchor = self.line_forms[0]["quantity"].auto_id if self.line_forms else "items"
            if self.line_forms:
                self.line_forms[0].summary_points_here = True
            self.errors.append((anchor, _("Choose at least one item to return: set its quantity to 1 or more.")))
        return forms_valid and not self.errors

    def chosen(self):
        return [form for form in self.line_forms if form.chosen_quantity > 0]

    def summary(self):
        """Every error of the page, each linking to its field, prefixed with the item it is about."""
        entries = list(self.errors)
        for form in self.line_forms:
            name = form.info.product.name
            for field, messages in form.errors.items():
                anchor = form[field].auto_id if field in form.fields else f"{form.prefix}-fieldset"
                entries.extend((anchor, f"{name}: {message}") for message in messages)
        return entries
