"""Return reasons in the customer's language.

Reason codes are data (ReasonCode rows an administrator edits), so their labels are not in any
template. The standard ones (the demo catalogue's, which most shops keep) are listed here for the
translators; a label a shop added itself is shown as it was written.
"""
from django.utils.translation import gettext
from django.utils.translation import gettext_noop

STANDARD_LABELS = [
    gettext_noop("Changed my mind"), gettext_noop("No longer needed"), gettext_noop("Too small"),
    gettext_noop("Too large"), gettext_noop("Not as described"), gettext_noop("Defective / does not work"),
    gettext_noop("Defective"), gettext_noop("Wrong item sent"), gettext_noop("Damaged in transit"),
]


def reason_label(reason) -> str:
    label = getattr(reason, "label", reason) or ""
    return gettext(label) if label in STANDARD_LABELS else label
