"""Reason codes for the decisions people take on a return, and the rule for when a note is needed.

One rule for every screen and the API: a decision carries a reason code that fits it, and a
refusal, or the reason "other", also carries a note that says why.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionReason(models.TextChoices):
    GOODWILL = "goodwill", _("Goodwill")
    WITHIN_POLICY = "within_policy_after_review", _("Within policy after review")
    OUTSIDE_POLICY = "outside_policy", _("Outside policy")
    SUSPECTED_FRAUD = "suspected_fraud", _("Suspected fraud")
    DUPLICATE = "duplicate", _("Duplicate request")
    OTHER = "other", _("Other (explain in the note)")


R = DecisionReason
POSITIVE = (R.WITHIN_POLICY, R.GOODWILL, R.OTHER)
NEGATIVE = (R.OUTSIDE_POLICY, R.SUSPECTED_FRAUD, R.DUPLICATE, R.OTHER)


def reason_problems(reason: str, note: str, *, reasons, note_required: bool) -> dict[str, str]:
    """Field → message for what is wrong with this reason and note; empty when they are fine."""
    problems = {}
    if reason not in {r.value for r in reasons}:
        problems["reason"] = str(_("Choose a reason code that fits this decision."))
    if not (note or "").strip():
        if note_required:
            problems["note"] = str(_("Required: say why, for the customer and the next agent."))
        elif reason == DecisionReason.OTHER:
            problems["note"] = str(_("Explain the decision when the reason is 'Other'."))
    return problems
