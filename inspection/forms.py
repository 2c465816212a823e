"""Forms of the tablet app (most steps are small enough to read straight from the POST)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from returns.errors import InvalidReturnRequest

from .totes import clean_tote

from .photo_limits import MAX_PHOTOS_PER_UPLOAD, photo_uploads  # noqa: F401 (the tablet's views use them)


class ParcelForm(forms.Form):
    carrier = forms.CharField(label=_("Carrier"), max_length=50, required=False)
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=100, required=False)
    location_code = forms.CharField(label=_("Parked in (scan the bin)"), max_length=50)
    note = forms.CharField(label=_("What is in it, what is on the label"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    not_these = forms.BooleanField(label=_("It is none of these returns; park it anyway"), required=False)

    def clean_location_code(self):
        try:
            return clean_tote(self.cleaned_data["location_code"])
        except InvalidReturnRequest as exc:
            raise forms.ValidationError(exc.message) from None

