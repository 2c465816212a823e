"""The dashboard's count by read reason: what customers wrote, next to what they chose, over recent lines."""
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from .codes import REASON_CODES
from .model import classify
from .reading import LABELS, MIN_CONFIDENCE, RETAILER_FAULT, line_text

MAX_LINES = 2000  # one batch through the model stays well under a second


@dataclass(frozen=True)
class ReasonCount:
    code: str
    label: str
    chosen: int
    read: int
    crossed: int  # lines chosen as this reason whose text reads across the retailer-fault line


def read_reason_counts(days: int = 90, now=None) -> list[ReasonCount]:
    from returns.models import ReturnLine

    since = (now or timezone.now()) - timedelta(days=days)
    lines = [line for line in ReturnLine.objects.filter(request__created_at__gte=since, unexpected=False)
             .select_related("reason").order_by("-request__created_at")[:MAX_LINES] if line_text(line)]
    guesses = classify([line_text(line) for line in lines]) if lines else []
    chosen, read, crossed = Counter(), Counter(), Counter()
    for line, guess in zip(lines, guesses, strict=True):
        code = line.reason.code if line.reason_id else ""
        chosen[code] += 1
        if guess.confidence >= MIN_CONFIDENCE:
            read[guess.reason] += 1
            if code and (code in RETAILER_FAULT) != (guess.reason in RETAILER_FAULT):
                crossed[code] += 1
    return [ReasonCount(code, LABELS[code], chosen[code], read[code], crossed[code]) for code in REASON_CODES
            if chosen[code] or read[code]]
