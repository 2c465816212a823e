"""What the customer's words read as, next to the reason they chose: shown to agents and the portal.

A mismatch matters when it crosses the retailer-fault line (the customer chose "Changed my mind" but
writes that the item is broken: a fault reason waives the fee), so `matters` says which mismatches
to show prominently. The reading is advice; nothing changes the chosen reason automatically.
"""
from dataclasses import dataclass

from .codes import REASON_CODES
from .model import classify

# Below this the text is too vague to read anything into it (calibrated on the held-out set).
MIN_CONFIDENCE = 0.45
RETAILER_FAULT = {"not_as_described", "defective", "wrong_item", "damaged_in_transit"}
LABELS = {
    "changed_mind": "Changed my mind", "no_longer_needed": "No longer needed", "too_small": "Too small",
    "too_large": "Too large", "not_as_described": "Not as described", "defective": "Defective / does not work",
    "wrong_item": "Wrong item sent", "damaged_in_transit": "Damaged in transit",
}


@dataclass(frozen=True)
class ReasonReading:
    chosen: str  # the code the customer chose ("" if none)
    read: str  # the code the text reads as
    confidence: float
    text: str

    @property
    def chosen_label(self) -> str:
        return LABELS.get(self.chosen, self.chosen or "none")

    @property
    def read_label(self) -> str:
        return LABELS[self.read]

    @property
    def agrees(self) -> bool:
        return self.chosen == self.read

    @property
    def matters(self) -> bool:
        """A confident disagreement across the retailer-fault line: fees and deductions depend on it."""
        return not self.agrees and (self.chosen in RETAILER_FAULT) != (self.read in RETAILER_FAULT)

    @property
    def sentence(self) -> str:
        if self.agrees:
            return f"Customer chose {self.chosen_label}; the text agrees ({self.confidence:.2f})."
        return f"Customer chose {self.chosen_label}, text reads as {self.read_label} ({self.confidence:.2f})."


def line_text(line) -> str:
    """The customer's own words on a return line (condition statement and comment)."""
    parts = [getattr(line, "condition_note", ""), getattr(line, "customer_comment", "")]
    return " ".join(p.strip() for p in parts if p and p.strip())


def read_text(text: str, chosen: str = "", model=None) -> ReasonReading | None:
    """None when there is nothing to read or the reading is too unsure to show."""
    text = (text or "").strip()
    if len(text) < 3:
        return None
    guess = classify([text], model)[0]
    if guess.confidence < MIN_CONFIDENCE or guess.reason not in REASON_CODES:
        return None
    return ReasonReading(chosen or "", guess.reason, guess.confidence, text)


def reason_reading(line, model=None) -> ReasonReading | None:
    """The reading of one ReturnLine's text against its chosen reason code."""
    reason = getattr(line, "reason", None)
    return read_text(line_text(line), getattr(reason, "code", "") if reason else "", model)
