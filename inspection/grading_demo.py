"""The default guided grading trees of the demo: apparel, electronics and home goods (idempotent).

Short on purpose: a sealed item is graded with one answer; "damaged" asks what kind and demands a photo.
"""
from returns.models import ProductCategory

from .grading_tree import validate_tree
from .models import GradingTree


def _leaf(code, label, grade, disposition, **flags):
    return {"code": code, "label": label, "grade": grade, "disposition": disposition, **flags}


def _ask(code, label, next_question, **flags):
    return {"code": code, "label": label, "next": next_question, **flags}


APPAREL = {"start": "state", "questions": {
    "state": {"text": "How does it come back?", "answers": [
        _leaf("sealed", "Unworn, tags on, in its bag", "A", "restock"),
        _ask("tried", "Tried on or worn", "clean"),
        _ask("damaged", "Damaged, stained or torn", "damage", require_photo=True),
    ]},
    "clean": {"text": "Clean, no odour, no marks?", "answers": [
        _leaf("yes", "Yes, like new", "B", "restock"),
        _leaf("no", "No, needs cleaning", "C", "refurbish", require_photo=True),
    ]},
    "damage": {"text": "What kind of damage?", "answers": [
        _leaf("cleanable", "Stain or odour, can be cleaned", "D", "refurbish"),
        _leaf("torn", "Torn or broken", "F", "scrap"),
        _leaf("faulty", "Manufacturing fault", "F", "vendor_return"),
    ]},
}}

ELECTRONICS = {"start": "seal", "questions": {
    "seal": {"text": "Is the factory seal intact?", "answers": [
        _leaf("sealed", "Sealed, never opened", "A", "restock", require_serial=True),
        _ask("opened", "Opened", "powers", require_serial=True),
        _ask("damaged", "Damaged", "fault", require_photo=True, require_serial=True),
    ]},
    "powers": {"text": "Does it power on and work?", "answers": [
        _ask("yes", "Yes, works", "complete"),
        _ask("no", "No", "fault", require_photo=True),
    ]},
    "complete": {"text": "All accessories there, no marks?", "answers": [
        _leaf("yes", "Yes, like new", "B", "restock"),
        _leaf("no", "Missing parts or marks", "C", "refurbish", require_photo=True),
    ]},
    "fault": {"text": "Is the damage the customer's or the maker's?", "answers": [
        _leaf("customer", "Dropped, cracked, liquid", "D", "refurbish"),
        _leaf("maker", "Defective from the factory", "F", "vendor_return"),
        _leaf("beyond", "Beyond repair", "F", "scrap"),
    ]},
}}

HOME = {"start": "packaging", "questions": {
    "packaging": {"text": "Original packaging, unopened?", "answers": [
        _leaf("sealed", "Unopened", "A", "restock"),
        _ask("opened", "Opened", "complete"),
        _ask("damaged", "Damaged", "repair", require_photo=True),
    ]},
    "complete": {"text": "Complete set and undamaged?", "answers": [
        _leaf("yes", "Yes", "B", "restock"),
        _leaf("no", "No", "C", "refurbish", require_photo=True),
    ]},
    "repair": {"text": "Can it be repaired?", "answers": [
        _leaf("yes", "Yes", "D", "refurbish"),
        _leaf("no", "No", "F", "scrap"),
    ]},
}}

DEFAULT_TREES = {"apparel": ("Apparel", APPAREL), "electronics": ("Electronics", ELECTRONICS),
                 "home": ("Home goods", HOME)}


def seed_grading_trees() -> list[GradingTree]:
    """Version 1 of each default tree for the categories that exist; an edited tree is left alone."""
    made = []
    for code, (name, definition) in DEFAULT_TREES.items():
        category = ProductCategory.objects.filter(code=code).first()
        if category is None or GradingTree.objects.filter(category=category, product__isnull=True).exists():
            continue
        validate_tree(definition)
        made.append(GradingTree.objects.create(name=f"{name} (default)", category=category, definition=definition))
    return made
