"""What an inspector checks, by product category.

Answers are "yes" (the check passed) or "no"; a grade A ("new, unopened") needs every answer to be yes.
The serial check of a serialized product is made by the system from the scanned serial, so that
item is not asked by hand for those products.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

YES, NO = "yes", "no"
ANSWERS = (YES, NO)


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    label: str


def _items(*pairs):
    return tuple(ChecklistItem(code, label) for code, label in pairs)


CHECKLISTS = {
    "apparel": _items(
        ("tags_attached", _("Tags attached")),
        ("unworn", _("Unworn, unwashed")),
        ("no_stains_odour", _("No stains or odour")),
        ("packaging", _("Original packaging")),
    ),
    "electronics": _items(
        ("packaging_intact", _("Packaging intact")),
        ("seal_intact", _("Seal intact")),
        ("accessories_complete", _("Accessories complete")),
        ("powers_on", _("Powers on")),
        ("serial_matches", _("Serial number matches")),
    ),
    "home": _items(
        ("packaging", _("Original packaging")),
        ("complete_set", _("Complete set")),
        ("undamaged", _("Undamaged")),
    ),
}
# Categories without their own list still get the basic checks.
DEFAULT_CHECKLIST = _items(("packaging", _("Original packaging")), ("undamaged", _("Undamaged")))
SYSTEM_CHECKED = {"serial_matches"}


def checklist_for(product) -> tuple[ChecklistItem, ...]:
    items = CHECKLISTS.get(product.category.code, DEFAULT_CHECKLIST)
    if product.serialized:
        items = tuple(item for item in items if item.code not in SYSTEM_CHECKED)
    return items


def unanswered(product, answers: dict) -> list[ChecklistItem]:
    return [item for item in checklist_for(product) if answers.get(item.code) not in ANSWERS]


def failed(product, answers: dict) -> list[ChecklistItem]:
    return [item for item in checklist_for(product) if answers.get(item.code) == NO]


def clean_answers(product, submitted: dict) -> dict:
    """Keep only known items with a valid answer; an empty answer means "not answered yet"."""
    codes = {item.code for item in checklist_for(product)}
    return {code: value for code, value in submitted.items() if code in codes and value in ANSWERS}
